export default definePageConfig({ navigationBarTitleText: '申请延期' });
