export default definePageConfig({
  navigationBarTitleText: '金钥匙',
});
