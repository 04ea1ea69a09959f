export default definePageConfig({ navigationBarTitleText: '绑定单位' });
