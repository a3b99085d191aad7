import { configurationError } from '@authentify/core';

/** Who the application let in: the name recorded as `revokedBy` on every revocation they make. */
export interface AdminOperator {
  /** An operator's name or id (1 to 255 characters), e.g. `ops@example.com`. */
  actor: string;
}

/** Options of {@link createAdminConsole}. */
export interface AdminConsoleOptions {
  /**
   * Decides, for every request, whether it comes from an operator: the operator, or `null` to
   * refuse (403). Required: there is no default password, and without it the console cannot be
   * built. Typically it authenticates the application's own session and checks an admin flag.
   */
  authorize: (request: Request) => AdminOperator | null | Promise<AdminOperator | null>;
  /** Where the console is mounted, without a trailing slash. [`'/admin'`] */
  basePath?: string;
  /** Origins besides the console's own whose form posts are accepted. [no others] */
  csrf?: { allowedOrigins?: readonly string[] };
  /** Sessions per page of the list, 1 to 200. [`50`] */
  pageSize?: number;
  /** The most rows one prune batch deletes, 1 to 100000 (a storage may stop a batch sooner). [`500`] */
  pruneBatchSize?: number;
  /** Batches one prune request runs before it answers with its progress, 1 to 1000. [`20`] */
  pruneBatchesPerRequest?: number;
}

/** The options, checked and with their defaults. */
export interface AdminSettings {
  readonly authorize: AdminConsoleOptions['authorize'];
  readonly basePath: string;
  readonly allowedOrigins: readonly string[];
  readonly pageSize: number;
  readonly pruneBatchSize: number;
  readonly pruneBatchesPerRequest: number;
}

const KNOWN = new Set(['authorize', 'basePath', 'csrf', 'pageSize', 'pruneBatchSize', 'pruneBatchesPerRequest']);

/** Checks every option once, at construction; a mistake throws `invalid_configuration` naming it. */
export function resolveAdminOptions(options: AdminConsoleOptions): AdminSettings {
  if (typeof options !== 'object' || options === null) {
    throw configurationError('authorize', 'the admin console needs options with an `authorize(request)` function.');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw configurationError(name, `unknown option; expected one of ${[...KNOWN].join(', ')}.`);
  }
  if (typeof options.authorize !== 'function') {
    throw configurationError(
      'authorize',
      'a function `(request) => ({ actor }) | null` is required: the console has no default password and refuses to run open.',
    );
  }
  const basePath = options.basePath ?? '/admin';
  if (typeof basePath !== 'string' || !/^(?:\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw configurationError('basePath', `expected a path such as '/admin' (no trailing slash), got ${JSON.stringify(basePath)}.`);
  }
  return {
    authorize: options.authorize,
    basePath,
    allowedOrigins: resolveOrigins(options.csrf),
    pageSize: whole('pageSize', options.pageSize, 50, 200),
    pruneBatchSize: whole('pruneBatchSize', options.pruneBatchSize, 500, 100_000),
    pruneBatchesPerRequest: whole('pruneBatchesPerRequest', options.pruneBatchesPerRequest, 20, 1000),
  };
}

function resolveOrigins(csrf: AdminConsoleOptions['csrf']): readonly string[] {
  if (csrf === undefined) return [];
  const origins = typeof csrf === 'object' && csrf !== null ? (csrf.allowedOrigins ?? []) : null;
  if (!Array.isArray(origins)) throw configurationError('csrf', 'expected { allowedOrigins: string[] }.');
  return origins.map((origin: unknown) => {
    try {
      if (typeof origin !== 'string') throw new TypeError('not a string');
      const url = new URL(origin);
      if (url.origin !== origin) throw new TypeError('not an origin');
      return origin;
    } catch {
      throw configurationError('csrf.allowedOrigins', `expected origins such as 'https://ops.example.com', got ${JSON.stringify(origin)}.`);
    }
  });
}

function whole(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw configurationError(name, `expected a whole number from 1 to ${max}, got ${String(value)}.`);
  }
  return value;
}
