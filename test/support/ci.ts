/**
 * Whether a test may run that needs something from the machine (a database server, a runtime, a
 * browser, a command-line tool) — one rule for every suite of the repository:
 *
 * - present (`problem` is `null`): `true`;
 * - missing with `CI` set: throws, naming what is missing and how to get it — CI must run every
 *   test, so a missing tool fails the run instead of skipping it;
 * - missing on a developer's machine: prints the same and returns `false`, so the caller skips
 *   (`describe.skipIf(!available)`).
 */
export function requirementMet(requirement: { name: string; problem: string | null; howToFix: string }): boolean {
  if (requirement.problem === null) return true;
  const message = `${requirement.name}: ${requirement.problem}\n  ${requirement.howToFix}`;
  if (runningInCi()) throw new Error(`CI requires these tests to run, but ${message}`);
  console.warn(`\n[tests] Skipping: ${message}\n`);
  return false;
}

/** `CI` set to anything but an explicit no, as CI services do (`CI=true`); as the database suites read it. */
export function runningInCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
