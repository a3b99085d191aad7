import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, linkDependencies } from './run-program.js';

const run = promisify(execFile);
const markdown = () => readFileSync(join(examplesDir, '..', 'admin.md'), 'utf8');
const source = (name: string) => readFileSync(join(examplesDir, name), 'utf8');
const runProgram = async (name: string) =>
  (await run(process.execPath, ['--conditions=@authentify/source', '--import', 'tsx', name], { cwd: examplesDir })).stdout;

beforeAll(() => {
  linkDependencies();
});

describe('docs/admin.md', () => {
  it('embeds examples/admin-hono.ts verbatim, and it prints exactly what the page says', async () => {
    const block = `\`\`\`ts\n${source('admin-hono.ts')}\`\`\`\n\nIt prints:\n\n\`\`\`text\n`;
    expect(markdown().includes(block)).toBe(true);
    const printed = markdown().split(block)[1]!.split('```')[0]!;
    expect(await runProgram('admin-hono.ts')).toBe(printed);
  });

  it('embeds examples/admin-express.ts verbatim, and it prints what the page says', async () => {
    const block = `\`\`\`ts\n${source('admin-express.ts')}\`\`\`\n\nIt prints \``;
    expect(markdown().includes(block)).toBe(true);
    const printed = markdown().split(block)[1]!.split('`')[0]!;
    expect(await runProgram('admin-express.ts')).toBe(`${printed}\n`);
  });
});
