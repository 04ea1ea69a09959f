export default definePageConfig({ navigationBarTitleText: '提交进展' });
