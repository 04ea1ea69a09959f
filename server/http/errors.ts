/** Turns anything thrown while answering a request into `{ ok: false, error }` with a fitting status. */
import { fileTooLarge, fileType, INTERNAL_MESSAGE, isDubanError, type DubanError } from '../../core/errors';

export interface ErrorAnswer {
  status: number;
  body: { ok: false; error: { code: string; message: string } };
}

function answer(status: number, code: string, message: string): ErrorAnswer {
  return { status, body: { ok: false, error: { code, message } } };
}

export function fromDubanError(e: DubanError): ErrorAnswer {
  return answer(e.status, e.code, e.message);
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  name?: unknown;
}

/** The answer for an error; `internal` is true when it is the server's fault (log it). */
export function toErrorAnswer(err: unknown): ErrorAnswer & { internal: boolean } {
  if (isDubanError(err)) return { ...fromDubanError(err), internal: err.status >= 500 };
  const e = (typeof err === 'object' && err !== null ? err : {}) as FrameworkError;
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE') {
    return { ...fromDubanError(fileTooLarge(10)), internal: false };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    // the code that goes with 415 (it was BAD_INPUT here, FILE_TYPE everywhere else)
    return { ...fromDubanError(fileType('接口请用 JSON（Content-Type: application/json）提交。')), internal: false };
  }
  if (code === 'FST_ERR_BAD_URL') {
    return { ...answer(400, 'BAD_INPUT', '请求地址不对（含有无效的转义字符），请检查后重试。'), internal: false };
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return { ...answer(400, 'BAD_INPUT', '请求内容是空的：请提交一个 JSON 对象，例如 {}。'), internal: false };
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.name === 'SyntaxError') {
    return { ...answer(400, 'BAD_INPUT', '请求内容不是有效的 JSON，请检查后重试。'), internal: false };
  }
  if (status >= 400 && status < 500) {
    return { ...answer(status, 'BAD_INPUT', '请求格式不对，请检查后重试。'), internal: false };
  }
  return {
    ...answer(500, 'INTERNAL', INTERNAL_MESSAGE),
    internal: true,
  };
}
