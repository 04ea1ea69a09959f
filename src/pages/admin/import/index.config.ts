export default definePageConfig({ navigationBarTitleText: '导入责任分解表' });
