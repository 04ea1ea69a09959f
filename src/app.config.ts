export default defineAppConfig({
  pages: ['pages/tasks/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '督办通',
    navigationBarTextStyle: 'black',
  },
});
