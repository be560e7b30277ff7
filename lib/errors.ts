import { englishProblem, type Problem } from './i18n/problem';

// One error type for the domain. `message` is for logs; `userMessage` is safe to show to people, in English;
// `problem` is the same sentence as a catalogue key and values, which the UI words in the reader's language.
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
  /** The sentence for people as a key in the `problems` catalogue; absent when only the code's default applies. */
  readonly problem?: Problem;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      /** Prefer `problem`: a plain sentence here cannot be translated and shows in English in every language. */
      userMessage?: string;
      problem?: Problem;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    const problem = options.problem ?? (options.userMessage ? undefined : { key: `code.${code}` });
    const userMessage = options.userMessage ?? englishProblem(problem ?? { key: `code.${code}` });
    super(options.message ?? options.userMessage ?? (options.problem ? userMessage : code), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.userMessage = userMessage;
    this.problem = problem;
    this.details = options.details;
  }
}

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
