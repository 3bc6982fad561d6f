export default definePageConfig({
  navigationBarTitleText: '值班待办',
});
