import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package managers the install test drives. */
export type PackageManager = 'npm' | 'pnpm';

const root = join(import.meta.dirname, '..', '..');

/** A markdown file of the repository, by its path from the root (`docs/express.md`). */
export function readDoc(doc: string): string {
  return readFileSync(join(root, doc), 'utf8');
}

/**
 * The install block a user of `packageManager` on Node `nodeMajor` runs: the `sh` block after
 * `<!-- install: npm -->` (or `pnpm`), or after `<!-- install: npm, node 20 -->` on Node 20 when
 * the doc has one. Throws when a block the doc must have is missing, so that an edit that drops
 * or renames a marker fails the test instead of installing less.
 */
export function installBlock(doc: string, packageManager: PackageManager, nodeMajor: number, options: { node20Variant: boolean }): string {
  const markdown = readDoc(doc);
  const block = (marker: string): string => {
    const match = new RegExp(`<!-- install: ${marker} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(markdown);
    if (match === null) throw new Error(`${doc} has no \`sh\` block marked <!-- install: ${marker} -->`);
    return match[1]!;
  };
  const latest = block(packageManager);
  const node20 = options.node20Variant ? block(`${packageManager}, node 20`) : latest;
  return nodeMajor === 20 ? node20 : latest;
}

/**
 * The commands of an install block, one per line as a user pastes them, with each
 * `@authentify/<name>` replaced by the path of its packed tarball — and nothing else changed.
 */
export function installCommands(block: string, tarballs: ReadonlyMap<string, string>): string[] {
  return block
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) =>
      line.replace(/@authentify\/([a-z]+)(?=\s|$)/g, (name: string) => {
        const tarball = tarballs.get(name);
        if (tarball === undefined) throw new Error(`install line names ${name}, which is not one of the packed packages`);
        return tarball;
      }),
    );
}

/** The first `ts` block after `anchor` (a heading or a marker comment) in `doc`. */
export function programAfter(doc: string, anchor: string): string {
  const markdown = readDoc(doc);
  const at = markdown.indexOf(anchor);
  if (at === -1) throw new Error(`${doc} has no ${JSON.stringify(anchor)}`);
  const match = /```ts\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (match === null) throw new Error(`${doc} has no \`ts\` block after ${JSON.stringify(anchor)}`);
  return match[1]!;
}
