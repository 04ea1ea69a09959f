/**
 * Errors that reach a user: a stable code for programs and a Chinese sentence that says what to do.
 * `status` is the HTTP status the local server answers with.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'NOT_BOUND'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INVITE_INVALID'
  | 'INVITE_EXPIRED'
  | 'INVITE_USED'
  | 'CONTENT_REJECTED'
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE'
  | 'IMPORT_EMPTY'
  | 'IMPORT_UNREADABLE'
  | 'IMPORT_NO_HEADER'
  | 'IMPORT_NO_TASKS'
  | 'UNKNOWN_ACTION'
  | 'IMPORT_TOO_LARGE'
  | 'USER_REMOVED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  NOT_BOUND: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INVITE_INVALID: 400,
  INVITE_EXPIRED: 400,
  INVITE_USED: 409,
  CONTENT_REJECTED: 422,
  FILE_TOO_LARGE: 413,
  FILE_TYPE: 415,
  IMPORT_EMPTY: 422,
  IMPORT_UNREADABLE: 422,
  IMPORT_NO_HEADER: 422,
  IMPORT_NO_TASKS: 422,
  UNKNOWN_ACTION: 404,
  IMPORT_TOO_LARGE: 413,
  USER_REMOVED: 403,
  INTERNAL: 500,
};

export class DubanError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'DubanError';
    this.code = code;
    this.status = STATUS[code];
    this.detail = detail;
  }
}

export function isDubanError(e: unknown): e is DubanError {
  return e instanceof DubanError;
}

// ── named factories: one wording per kind of refusal ──────────────────────────────────────────────────────────
// Throw sites use these instead of `new DubanError(...)`, so that the same refusal reads the same everywhere and
// always addresses the user as 您. Where the sentence must name something specific (which field, which task), the
// factory takes that part and keeps the rest of the wording.

type Detail = Record<string, unknown>;

/** The one sentence every runtime answers for a failure that is the server's, never the user's. */
export const INTERNAL_MESSAGE = '服务器出了点问题，请稍后重试；如果一直这样，请联系管理员。';

/**
 * `what` names the record, e.g. 这项任务分配: 找不到这项任务分配，可能已被调整或删除，请刷新后重试。 `todo` replaces
 * the second half where refreshing is not the remedy.
 */
export function notFound(what: string, detail?: Detail, todo = '可能已被调整或删除，请刷新后重试'): DubanError {
  return new DubanError('NOT_FOUND', `找不到${what}，${todo}。`, detail);
}

/** A caller without a bound unit (no invite code used yet). */
export function notBound(detail?: Detail): DubanError {
  return new DubanError('NOT_BOUND', '请先输入管理员发给您的邀请码，绑定所在单位后再使用。', detail);
}

/** The caller's role may not do this at all (PERMISSIONS). */
export function notAllowed(detail?: Detail): DubanError {
  return new DubanError('FORBIDDEN', '您的账号没有这项操作的权限。如需开通，请联系管理员。', detail);
}

/** The role may, but not on this record: it is another unit's (requireScope). */
export function outOfScope(detail?: Detail): DubanError {
  return new DubanError('FORBIDDEN', '这不是您所在单位负责的事项，无权操作。', detail);
}

/** An overseer bound to a district acting outside its subtree (core/org/levels.ts: reachOf). */
export function outOfReach(detail?: Detail): DubanError {
  return new DubanError('FORBIDDEN', '这不在您所在区县（单位）的管辖范围内，无权查看或操作。', detail);
}

/** A refusal with its own reason (a file that is not the caller's, a link that expired…): `reason` says what to do. */
export function forbidden(reason: string, detail?: Detail): DubanError {
  return new DubanError('FORBIDDEN', reason, detail);
}

/** The record's state does not allow it (already closed, already reviewed…): `reason` says so and what to do. */
export function conflict(reason: string, detail?: Detail): DubanError {
  return new DubanError('CONFLICT', reason, detail);
}

/** A field or request the user can correct: `message` names it (「字段」…，请修改后重试。). */
export function badInput(message: string, detail?: Detail): DubanError {
  return new DubanError('BAD_INPUT', message, detail);
}

/** The server's fault; `cause` is kept for the log, never shown. */
export function internal(detail?: Detail, cause?: unknown): DubanError {
  const e = new DubanError('INTERNAL', INTERNAL_MESSAGE, detail);
  if (cause !== undefined) (e as DubanError & { cause?: unknown }).cause = cause;
  return e;
}

/** A server fault the operator can fix (a missing configuration): `message` says which. */
export function misconfigured(message: string, detail?: Detail): DubanError {
  return new DubanError('INTERNAL', message, detail);
}

/** The login (token) is missing or no longer valid. */
export function unauthenticated(): DubanError {
  return new DubanError('UNAUTHENTICATED', '登录已失效，请重新打开小程序或重新绑定邀请码。');
}

/** An action nobody serves (or not over this method); `name` is shown when given. */
export function unknownAction(name?: string, detail?: Detail): DubanError {
  return new DubanError(
    'UNKNOWN_ACTION',
    name === undefined
      ? '没有这个操作，请更新小程序后重试。'
      : `没有“${name.slice(0, 40)}”这项操作，请更新小程序后重试。`,
    detail,
  );
}

/** A request to an API path with another method than POST. */
export function postOnly(): DubanError {
  return new DubanError('UNKNOWN_ACTION', '接口只接受 POST 请求。');
}

/** A file over the limit: `limitMb` megabytes; `hint` what to do (default: compress it). */
export function fileTooLarge(limitMb: number, hint = '请压缩后重新上传'): DubanError {
  return new DubanError('FILE_TOO_LARGE', `文件超过 ${limitMb} MB，${hint}。`);
}

/** A photo with more pixels than the image library may decode (`limitMp` megapixels): FILE_TOO_LARGE too. */
export function photoTooLarge(limitMp: number): DubanError {
  return new DubanError(
    'FILE_TOO_LARGE',
    `照片超过 ${limitMp} 百万像素，无法加盖水印和核验，请在相机设置中调低分辨率或压缩后重新上传。`,
  );
}

/** A file or body of a type not accepted (HTTP 415): `accepted` says what is, and how to send it. */
export function fileType(accepted: string): DubanError {
  return new DubanError('FILE_TYPE', `内容类型不对：${accepted}`);
}

/** An upload with no bytes: a photo (FILE_TYPE) or a table to import (IMPORT_EMPTY). */
export function emptyFile(kind: 'photo' | 'document'): DubanError {
  return kind === 'photo'
    ? new DubanError('FILE_TYPE', '上传的文件是空的，请重新选择照片。')
    : new DubanError('IMPORT_EMPTY', '上传的文件是空的，请选择责任分解表文件。');
}

/** Too many wrong attempts: try again after `minutes`. */
export function rateLimited(minutes: number, what = '输入错误'): DubanError {
  return new DubanError('RATE_LIMITED', `${what}次数太多，请 ${minutes} 分钟后再试。`);
}

/** Why an invite code does not bind (inviteCodes.ts): one wording per state. */
export function inviteRefused(state: 'invalid' | 'expired' | 'used' | 'revoked'): DubanError {
  switch (state) {
    case 'invalid':
      return new DubanError('INVITE_INVALID', '邀请码不对，请核对后重新输入（不区分大小写）。');
    case 'expired':
      return new DubanError('INVITE_EXPIRED', '邀请码已过期，请联系管理员重新生成。');
    case 'used':
      return new DubanError('INVITE_USED', '这个邀请码已经被使用过了，请联系管理员重新生成。');
    case 'revoked':
      return new DubanError('INVITE_INVALID', '这个邀请码已被管理员作废，请联系管理员重新生成。');
  }
}

/** Wrong invite codes too often lately: `until` (Beijing time, as people read it) says when to try again. */
export function inviteThrottled(until: string, detail?: Detail): DubanError {
  return new DubanError('RATE_LIMITED', `邀请码输错次数过多，请在 ${until} 之后再试，或联系管理员确认邀请码。`, detail);
}

/** The runtime could not tell who is calling (no OPENID, no principal). */
export function unknownCaller(): DubanError {
  return new DubanError('UNAUTHENTICATED', '无法识别您的身份，请重新打开小程序后再试。');
}

/** A service the action needs is down for now (the content check): `what` names it. */
export function unavailable(what: string): DubanError {
  return new DubanError('INTERNAL', `${what}暂时不可用，请稍后再提交。`);
}

/** A one-off code other than an invite (the CloudBase bootstrap code) that does not match: `reason` says whom to ask. */
export function wrongCode(reason: string): DubanError {
  return new DubanError('INVITE_INVALID', reason);
}

/** A table that cannot be imported: `code` says how (empty, unreadable, no header, no tasks), `message` what to fix. */
export function importFailed(
  code: 'IMPORT_EMPTY' | 'IMPORT_UNREADABLE' | 'IMPORT_NO_HEADER' | 'IMPORT_NO_TASKS',
  message: string,
  detail?: Detail,
): DubanError {
  return new DubanError(code, message, detail);
}

/** Text refused by the content check: `what` names it (汇报内容…). */
export function contentRejected(what: string): DubanError {
  return new DubanError('CONTENT_REJECTED', `${what}未通过内容安全检查，请修改后重新提交。`);
}

/**
 * A document over one of the reading limits (core/importer/limits.ts): `limit` names it as the user knows it
 * (「解压后大小」「行数」「列数」…), `todo` what to do (delete empty rows and columns, split the table…).
 */
export function importTooLarge(limit: string, todo: string, detail?: Detail): DubanError {
  return new DubanError('IMPORT_TOO_LARGE', `文件的${limit}超过了导入上限：${todo}。`, detail);
}

/** A request body over the limit of its action (the server refuses it before reading it all). */
export function bodyTooLarge(limitKb: number): DubanError {
  return new DubanError(
    'FILE_TOO_LARGE',
    `请求内容超过 ${limitKb} KB 的上限：照片和表格请通过上传接口提交，文字请缩短后重试。`,
  );
}

/** A session token past its end (server/auth/tokens.ts: `days` without use). */
export function sessionExpired(days: number): DubanError {
  return new DubanError(
    'UNAUTHENTICATED',
    `登录已超过 ${days} 天未使用，为了安全已自动退出：请向管理员索取邀请码后重新绑定。`,
  );
}

/**
 * A part (分解下达) for a unit that already holds an assignment of the task: one per (task, unit), kept by a unique
 * key in both stores (SQLite's index, CloudBase's deterministic `_id`: core/org/levels.ts `partIdOf`), so two
 * splits racing to the same unit make one part and the other gets this.
 */
export function partTaken(unitName?: string, detail?: Detail): DubanError {
  return conflict(
    `${unitName ? `「${unitName}」` : '这个单位'}已经承担这项任务（可能刚刚有人分解给了它），请刷新后查看。`,
    detail,
  );
}

/** A session token of an earlier TOKEN_VERSION (server/auth/tokens.ts): every session was ended at once. */
export function sessionRevoked(): DubanError {
  return new DubanError('UNAUTHENTICATED', '为了安全，系统已结束所有人的登录：请向管理员索取邀请码后重新绑定。');
}

/** A caller an admin removed from their unit (removeUser): what they did stays, they act no more. */
export function userRemoved(detail?: Detail): DubanError {
  return new DubanError(
    'USER_REMOVED',
    '您已被管理员移出本单位，登录已结束；您提交过的汇报仍保留。如需继续使用，请向管理员索取新的邀请码重新绑定。',
    detail,
  );
}

/**
 * A file id that is not an upload of the caller's own (another person's folder, another environment, a forged or
 * deleted file): noteUploads refuses it. FORBIDDEN, as submitReport refuses such a photo.
 */
export function notOwnUpload(detail?: Detail): DubanError {
  return forbidden('这个文件不是您上传的或已不存在，请重新选择后上传。', detail);
}
