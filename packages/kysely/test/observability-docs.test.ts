import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Every TypeScript sample of docs/observability.md is a verbatim part of a file in
 * observability-samples/, which the package's type-check compiles; each runs here as its own
 * program, and what the page says it prints is what it prints.
 */
const packageDir = join(import.meta.dirname, '..');
const samplesDir = join(import.meta.dirname, 'observability-samples');
const markdown = readFileSync(join(packageDir, '..', '..', 'docs', 'observability.md'), 'utf8');
const run = promisify(execFile);

function runSample(file: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', join(samplesDir, file)], {
    cwd: packageDir,
    timeout: 30_000,
  });
}

/** The fenced block of `language` right after the paragraph containing `marker`. */
function blockAfter(marker: string, language: string): string {
  const at = markdown.indexOf(marker);
  expect(at, `docs/observability.md has "${marker}"`).toBeGreaterThanOrEqual(0);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(markdown.slice(at));
  return match?.[1] ?? '';
}

describe('docs/observability.md', () => {
  it('shows only samples that are verbatim parts of the type-checked files in test/observability-samples', () => {
    const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const sources = readdirSync(samplesDir).map((file) => readFileSync(join(samplesDir, file), 'utf8'));
    expect(blocks).toHaveLength(3);
    expect(blocks.filter((block) => !sources.some((source) => source.includes(block)))).toEqual([]);
  });

  it('quotes exactly what a forgotten migration prints with no option set', async () => {
    const { stdout, stderr } = await runSample('forgotten-migration.ts');
    expect(stdout).toBe('');
    expect(stderr).toBe(blockAfter('prints, once, on the console', 'text'));
    expect(stderr).toContain('`await migrateAuthentify(db)`');
  });

  it('runs the monitoring hook sample: every failure counted, nothing on the console from Authentify', async () => {
    const { stdout, stderr } = await runSample('failure-hook.ts');
    expect(stdout).toBe('{"schema_missing":2}\n');
    expect(stderr).toBe(
      'session storage: schema_missing in createSession: no such table: authentify_sessions — the Authentify migrations have not run on this database (or not all of them). Run them: `await migrateAuthentify(db)` at start-up, or `npx authentify migrate --database-url <your database URL>`.\n',
    );
  });

  it('runs the OpenTelemetry set-up: spans for each operation, the refusal counted', async () => {
    const { stdout } = await runSample('opentelemetry.ts');
    expect(JSON.parse(stdout)).toEqual({
      spans: ['authentify.issue success', 'authentify.authenticate success', 'authentify.authenticate failure', 'authentify.revoke success'],
      failures: [['wrong_transport', 1]],
    });
  });

});
