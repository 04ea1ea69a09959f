/**
 * What a failed `chooseMedia` / `chooseMessageFile` means. Only the official's own cancel is quiet; WeChat
 * refuses both (errno 112) when the privacy guide (用户隐私保护指引) does not declare them, and 104 when the
 * official did not agree to it: those get a sentence saying what to do.
 */
import { ApiError } from '../api/errors';
import { zh } from '../i18n/zh-CN';

interface WxFail {
  errMsg?: string;
  errno?: number;
}

/**
 * Where `chooseMedia` may take photos from: only the camera when the task's plan allows only photos taken on the
 * spot (仅允许现场拍摄, TaskDetail.task.cameraOnly), else the album too.
 */
export function photoSources(cameraOnly: boolean): ('album' | 'camera')[] {
  return cameraOnly ? ['camera'] : ['album', 'camera'];
}

/** null when the official cancelled; otherwise the error to show. */
export function pickerFailure(e: unknown): ApiError | null {
  const f = (e && typeof e === 'object' ? e : {}) as WxFail;
  const msg = f.errMsg ?? (e instanceof Error ? e.message : '');
  if (f.errno === 112 || /privacy|隐私/i.test(msg)) return new ApiError('PRIVACY', zh.error.privacy);
  if (f.errno === 104) return new ApiError('PRIVACY', zh.error.privacyRefused);
  if (/cancel/i.test(msg)) return null;
  return new ApiError('PICK_FAILED', zh.error.pickFailed);
}
