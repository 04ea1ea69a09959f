import Taro from '@tarojs/taro';

/** The server's session token (h5, or weapp pointed at an HTTPS server). The cloud function needs none: WeChat tells it who calls. */
const KEY = 'duban.token';

export function getToken(): string {
  try {
    return (Taro.getStorageSync(KEY) as string) || '';
  } catch {
    return '';
  }
}

export function setToken(token: string | undefined): void {
  if (token) Taro.setStorageSync(KEY, token);
  else Taro.removeStorageSync(KEY);
}
