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
