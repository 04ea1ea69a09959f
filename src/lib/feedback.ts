import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh-CN';
import { toApiError } from './useAsync';

/** A short message that goes away by itself. */
export function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2200 });
}

/** The server's Chinese sentence for a failed action. */
export function toastError(e: unknown): void {
  toast(toApiError(e).message);
}

export async function confirmDialog(content: string, title = ''): Promise<boolean> {
  const res = await Taro.showModal({
    title,
    content,
    confirmText: zh.common.confirm,
    cancelText: zh.common.cancel,
    confirmColor: '#1f5fbf',
  });
  return res.confirm;
}
