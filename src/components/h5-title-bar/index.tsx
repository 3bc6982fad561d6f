/**
 * The H5 local mode's title bar: the page's title and a 「返回」 button, which WeChat draws itself in the
 * mini-program. Taro picks `index.h5.tsx` in the H5 build; every other platform gets this empty stand-in.
 */
export default function H5TitleBar() {
  return null;
}
