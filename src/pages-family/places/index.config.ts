export default definePageConfig({
  navigationBarTitleText: '家人的地址',
});
