/**
 * The local-demo bar at the top of a page: who I am acting as, and the local cloud's clock with a fast-forward
 * button. H5 local mode only: Taro picks `index.h5.tsx` there; every other platform gets this empty stand-in, so the
 * mini-program carries none of the dev bar (nor its styles or dev endpoints).
 */

export interface DevBarProps {
  /** Shown as "当前身份 …" with a button to the role switcher; omit to leave the identity row out. */
  identityText?: string;
  /** Called after the clock moved forward, so the page reloads its data (deadline escalations show up). */
  onClockAdvanced: () => void;
}

export default function DevBar(_props: DevBarProps) {
  return null;
}
