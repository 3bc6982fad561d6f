export default definePageConfig({
  navigationBarTitleText: '反映问题',
});
