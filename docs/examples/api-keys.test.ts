import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, linkDependencies } from './run-program.js';

const run = promisify(execFile);
const markdown = () => readFileSync(join(examplesDir, '..', 'api-keys.md'), 'utf8');
const source = () => readFileSync(join(examplesDir, 'api-keys.ts'), 'utf8');
const opening = () => `\`\`\`ts\n${source()}\`\`\`\n\nIt prints:\n\n\`\`\`text\n`;

beforeAll(() => {
  linkDependencies();
});

describe('docs/api-keys.md', () => {
  it('embeds examples/api-keys.ts verbatim, followed by what it prints', () => {
    expect(markdown().includes(opening())).toBe(true);
  });

  it('prints exactly what the page says it prints', async () => {
    const printed = markdown().split(opening())[1]!.split('```')[0]!;
    const { stdout } = await run(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', 'api-keys.ts'], { cwd: examplesDir });
    expect(stdout).toBe(printed);
  });
});
