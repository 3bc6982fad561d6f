export default definePageConfig({
  navigationBarTitleText: '切换演示身份',
});
