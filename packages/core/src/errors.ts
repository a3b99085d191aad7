/**
 * Stable codes carried by every {@link AuthentifyError}. They never change meaning between
 * releases, so code may branch on them and monitoring may count them.
 *
 * - `invalid_configuration`: an option given to a factory is wrong; `option` names it.
 * - `storage_unavailable`: the storage threw (database down, timeout, lost connection). Adapters
 *   answer 503. Never treated as "anonymous" and never as "allowed".
 * - `invalid_context`: the context given at issue is not a JSON object, is too large, or was
 *   refused by the context schema.
 * - `context_key_missing`: strict context access read a key the session's context does not have.
 * - `session_limit_reached`: a login was refused because the user has the maximum number of
 *   sessions and the limit policy is `refuse`.
 * - `invalid_argument`: a method was called with an argument it cannot accept (an empty user
 *   id, an unknown transport).
 */
export type AuthentifyErrorCode =
  | 'invalid_configuration'
  | 'storage_unavailable'
  | 'invalid_context'
  | 'context_key_missing'
  | 'session_limit_reached'
  | 'invalid_argument';

/**
 * The one error class of Authentify. Only misuse and infrastructure failures throw it; an
 * expected authentication failure (a bad, expired or revoked token) is a result value instead.
 *
 * @example
 * ```ts
 * try {
 *   await auth.issueSession({ userId, transport: 'cookie' });
 * } catch (error) {
 *   if (error instanceof AuthentifyError && error.code === 'session_limit_reached') {
 *     return tooManyDevicesPage();
 *   }
 *   throw error;
 * }
 * ```
 */
export class AuthentifyError extends Error {
  override readonly name = 'AuthentifyError';
  /** The stable code; see {@link AuthentifyErrorCode}. */
  readonly code: AuthentifyErrorCode;
  /** For `invalid_configuration`: the option at fault, e.g. `sliding.interval`. */
  readonly option: string | undefined;

  constructor(
    code: AuthentifyErrorCode,
    message: string,
    details: { cause?: unknown; option?: string } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.option = details.option;
  }
}

/** Shorthand for the error thrown when an option is invalid; the message starts with its name. */
export function configurationError(option: string, problem: string): AuthentifyError {
  return new AuthentifyError('invalid_configuration', `Invalid option \`${option}\`: ${problem}`, {
    option,
  });
}

/** True when `error` is an {@link AuthentifyError}, optionally with the given code. */
export function isAuthentifyError(
  error: unknown,
  code?: AuthentifyErrorCode,
): error is AuthentifyError {
  return error instanceof AuthentifyError && (code === undefined || error.code === code);
}
