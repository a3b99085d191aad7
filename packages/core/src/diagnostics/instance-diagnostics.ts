import { createDiagnosticsReporter, type DiagnosticsReporter } from './reporter.js';

/**
 * The reporter of each Authentify instance, so that the HTTP layer (which receives only the
 * instance) reports through the instance's own `logger`. Kept off the public interface: it is
 * plumbing, not API.
 */
const reporters = new WeakMap<object, DiagnosticsReporter>();

let fallback: DiagnosticsReporter | undefined;

/** Records `reporter` as the one of `instance`. */
export function registerDiagnostics(instance: object, reporter: DiagnosticsReporter): void {
  reporters.set(instance, reporter);
}

/**
 * The reporter of `instance`; for an object that did not come from `createAuthentify` (a
 * hand-made wrapper), a console reporter shared by all such objects.
 */
export function diagnosticsOf(instance: object): DiagnosticsReporter {
  const reporter = reporters.get(instance);
  if (reporter !== undefined) return reporter;
  fallback ??= createDiagnosticsReporter({ logger: console, onStorageFailure: undefined, clock: Date.now });
  return fallback;
}
