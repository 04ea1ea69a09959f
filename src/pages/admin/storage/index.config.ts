export default definePageConfig({ navigationBarTitleText: '存储空间' });
