/**
 * The error catalogue (STYLE 10): a stable code, an HTTP status, and whether it is worth a
 * log line. Services throw these; the one error handler turns them into `{code, message, field}`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly field: string | undefined;
  constructor(code: string, statusCode: number, message: string, field?: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusCode;
    this.field = field;
  }
}

export const unauthorized = (message = 'sign in first') => new AppError('unauthorized', 401, message);
export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`);
export const invalid = (field: string, message: string) => new AppError('invalid', 400, message, field);
export const forbidden = (message = 'your role does not allow this') => new AppError('forbidden', 403, message);
export const conflict = (field: string, message: string) => new AppError('conflict', 409, message, field);
/** A workflow step that the current state does not allow (e.g. approving a closed request). */
export const illegalTransition = (message: string) => new AppError('illegal_transition', 409, message);
