// One error type for the domain. `message` is for logs; `userMessage` is safe to show to people.
export const errorStatus = {
  validation: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  user_inactive: 403,
  forbidden: 403,
  limit_exceeded: 403,
  not_found: 404,
  conflict: 409,
  setup_complete: 409,
  // A request body, a file or the files waiting to be sent, over a size limit; the message names the limit.
  too_large: 413,
  rate_limited: 429,
  config: 500,
  unavailable: 503,
  internal: 500,
  // Mail servers: the user must act (wrong password) …
  mail_auth_failed: 422,
  // … or it is the network or the server, and a later retry may work.
  mail_unreachable: 502,
  mail_tls_failed: 502,
  mail_timeout: 504,
  mail_server_error: 502,
  // A message the CRM rules exclude (sent by an employee, too old, in Spam, …); details.reason says which.
  crm_rules_mismatch: 422,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: { message?: string; userMessage?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(options.message ?? options.userMessage ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.userMessage = options.userMessage ?? defaultUserMessage[code];
    this.details = options.details;
  }
}

const defaultUserMessage: Record<ErrorCode, string> = {
  validation: 'Some of the values are not valid.',
  invalid_credentials: 'Wrong email or password.',
  unauthenticated: 'Please sign in.',
  user_inactive: 'This account has been deactivated. Ask an administrator of your organization.',
  forbidden: 'You are not allowed to do that.',
  limit_exceeded: 'Your plan does not allow this.',
  not_found: 'Not found.',
  conflict: 'That conflicts with existing data.',
  setup_complete: 'Mailroom is already set up. Sign in instead.',
  too_large: 'This request is too large.',
  rate_limited: 'Too many attempts. Wait a few minutes and try again.',
  config: 'The server is not configured correctly.',
  unavailable: 'A service Mailroom needs is unavailable. Try again shortly.',
  internal: 'Something went wrong on our side.',
  mail_auth_failed: 'The mail server refused the user name or password.',
  mail_unreachable: 'The mail server could not be reached.',
  mail_tls_failed: 'A secure connection to the mail server could not be established.',
  mail_timeout: 'The mail server did not answer in time.',
  mail_server_error: 'The mail server answered with an error.',
  crm_rules_mismatch: "The e-mail doesn't match the CRM rules.",
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  // node-postgres errors carry the SQLSTATE in `code`; drizzle wraps them in `cause`.
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: unknown; constraint?: unknown };
    if (pgError.code === '23505') return constraint === undefined || pgError.constraint === constraint;
  }
  return false;
}
