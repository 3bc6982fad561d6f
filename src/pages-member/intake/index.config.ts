export default definePageConfig({
  navigationBarTitleText: '帮居民登记',
});
