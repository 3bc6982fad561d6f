export default definePageConfig({
  navigationBarTitleText: '类别与设置',
});
