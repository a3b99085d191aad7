import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RECIPES } from './support/recipes.js';

const clientsDir = join(import.meta.dirname, '..');
const markdown = readFileSync(join(clientsDir, '..', '..', 'docs', 'clients.md'), 'utf8');

it.each(RECIPES.map((recipe) => recipe.file))('docs/clients.md embeds src/%s verbatim', (file) => {
  const source = readFileSync(join(clientsDir, 'src', file), 'utf8');
  expect(markdown.includes(`\`\`\`ts\n${source}\`\`\``), `docs/clients.md must contain src/${file} exactly, in a ts block`).toBe(true);
});
