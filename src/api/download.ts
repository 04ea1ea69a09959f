/**
 * Opening the exported circular (情况通报: the Word document or its Excel annex): h5 downloads it through the returned URL;
 * weapp downloads it and opens it with `openDocument`, where the user can forward or print it.
 */
import Taro from '@tarojs/taro';
import { zh } from '../i18n/zh-CN';
import { ApiError } from './errors';
import { API_BASE, ensureCloud, usesCloud } from './transport';

/**
 * On CloudBase the workbook is fetched with `wx.cloud.downloadFile` by its `cloud://` id, which needs no
 * downloadFile domain; from a self-hosted server it comes from DUBAN_API_BASE, the request domain (the deploy doc
 * lists it as the downloadFile domain too).
 */
export async function openCircular(
  url: string,
  fileName: string,
  fileId?: string,
  format: 'docx' | 'xlsx' = 'xlsx',
): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const full = /^https?:\/\//.test(url) ? url : `${API_BASE}${url}`;
  let filePath: string;
  if (usesCloud && fileId?.startsWith('cloud://')) {
    ensureCloud();
    try {
      filePath = (await Taro.cloud.downloadFile({ fileID: fileId })).tempFilePath;
    } catch {
      throw new ApiError('NETWORK', zh.error.downloadFailed);
    }
    await Taro.openDocument({ filePath, fileType: format, showMenu: true });
    return;
  }
  try {
    const res = await Taro.downloadFile({ url: full });
    if (res.statusCode !== 200) throw new Error(String(res.statusCode));
    filePath = res.tempFilePath;
  } catch {
    throw new ApiError('NETWORK', zh.error.downloadFailed);
  }
  await Taro.openDocument({ filePath, fileType: format, showMenu: true });
}
