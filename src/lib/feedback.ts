import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh-CN';
import { toApiError } from './useAsync';

/** A short message that goes away by itself. */
export function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2200 });
}

/** The most characters a toast shows on one line; a longer message goes in a dialog that stays until read. */
export const TOAST_MAX_CHARS = 14;

/**
 * The server's Chinese sentence for a failed action: a toast when it fits one line, otherwise a dialog the official
 * closes (a sentence that says what to do must not vanish after two seconds, nor be cut mid-word).
 */
export function toastError(e: unknown): void {
  const message = toApiError(e).message;
  if (message.length <= TOAST_MAX_CHARS) toast(message);
  else
    void Taro.showModal({
      title: zh.desk.errorTitle,
      content: message,
      showCancel: false,
      confirmText: zh.common.confirm,
      confirmColor: '#1f5fbf',
    });
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
