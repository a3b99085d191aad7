import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_NAMES } from '../packages/core/src/options/resolve-options.js';

const root = join(import.meta.dirname, '..');
const markdownFiles = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];

describe('documentation', () => {
  it('the configuration reference documents every option createAuthentify accepts', () => {
    const reference = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
    const undocumented = [...OPTION_NAMES].filter((name) => !reference.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it.each(markdownFiles.map((file) => [file.slice(root.length + 1), file]))('%s links only to files that exist', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const broken = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/i.test(target))
      .filter((target) => !existsSync(resolve(dirname(file), target)));
    expect(broken).toEqual([]);
  });
});
