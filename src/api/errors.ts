/** An error the user can act on: the server's Chinese sentence and its stable code. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** The codes that mean "this user is not (or no longer) bound": the app sends them to the bind page. */
export const UNBOUND_CODES = new Set(['UNAUTHENTICATED', 'NOT_BOUND', 'USER_REMOVED']);

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
