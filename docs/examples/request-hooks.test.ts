import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, linkDependencies } from './run-program.js';

const run = promisify(execFile);
const markdown = () => readFileSync(join(examplesDir, '..', 'hooks.md'), 'utf8');
const source = () => readFileSync(join(examplesDir, 'request-hooks.ts'), 'utf8');

beforeAll(() => {
  linkDependencies();
});

describe('docs/hooks.md', () => {
  it('embeds examples/request-hooks.ts verbatim, followed by what it prints', () => {
    expect(markdown().includes(`\`\`\`ts\n${source()}\`\`\`\n\nIt prints:\n\n\`\`\`text\n`)).toBe(true);
  });

  it('prints exactly what the page says it prints', async () => {
    const printed = markdown().split(`\`\`\`ts\n${source()}\`\`\`\n\nIt prints:\n\n\`\`\`text\n`)[1]!.split('```')[0]!;
    const { stdout } = await run(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'request-hooks.ts'], { cwd: examplesDir });
    expect(stdout).toBe(printed);
  });
});
