export default definePageConfig({
  navigationBarTitleText: '修改成员',
});
