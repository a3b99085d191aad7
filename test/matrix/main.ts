/**
 * The compatibility matrix (part of `pnpm test`): runs the suites on Node 22, 24 and 26 and on
 * both ends of every declared peer range, each leg in its own workspace copy under the system's
 * temporary folder, and writes `.matrix-results.json` for `.ci/run`'s summary.
 *
 *   pnpm test:matrix                      every leg
 *   pnpm test:matrix --leg=node24         one leg (repeatable)
 *   pnpm test:matrix --list               the legs, without running them
 *
 * The Node binaries come from the registry's `node@<major>` packages and are kept in
 * `$TMPDIR/authentify-matrix/nodes` between runs.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATRIX_LEGS } from './legs.js';
import { type LegResult, runLeg } from './run-leg.js';

const root = join(import.meta.dirname, '..', '..');
const workDir = join(tmpdir(), 'authentify-matrix');

function selectedLegs(args: string[]) {
  const unknown = args.filter((arg) => !arg.startsWith('--leg=') && arg !== '--list');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}; use --leg=<name> or --list`);
  const names = args.filter((arg) => arg.startsWith('--leg=')).map((arg) => arg.slice('--leg='.length));
  for (const name of names) {
    if (!MATRIX_LEGS.some((leg) => leg.name === name)) {
      throw new Error(`no leg named ${name}; the legs are ${MATRIX_LEGS.map((leg) => leg.name).join(', ')}`);
    }
  }
  return names.length === 0 ? MATRIX_LEGS : MATRIX_LEGS.filter((leg) => names.includes(leg.name));
}

function describeResult(result: LegResult): string {
  const peers = Object.entries(result.peers)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return `${result.name.padEnd(22)} ${result.node.padEnd(9)} ${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(3)} failed ${String(result.seconds).padStart(4)} s  ${peers}`;
}

function main(): number {
  const args = process.argv.slice(2);
  const legs = selectedLegs(args);
  if (args.includes('--list')) {
    for (const leg of legs) console.log(`${leg.name}: Node ${leg.nodeMajor}, ${leg.peers} peers, ${leg.projects.join(' ')}`);
    return 0;
  }
  const results: LegResult[] = [];
  for (const leg of legs) {
    console.log(`\n== matrix leg ${leg.name}: Node ${leg.nodeMajor}, ${leg.peers} peers (${leg.projects.join(', ')})`);
    const result = runLeg(leg, { root, workDir });
    for (const problem of result.problems) console.error(`\n[matrix] ${leg.name}: ${problem}`);
    console.log(`== ${describeResult(result)}`);
    results.push(result);
    // Written after every leg, so an interrupted run still reports what it did.
    writeFileSync(join(root, '.matrix-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
  console.log('\n== compatibility matrix');
  for (const result of results) console.log(describeResult(result));
  // CI keeps only the tail of the log: name what failed here, where it is read.
  for (const result of results) {
    for (const line of [...result.problems, ...result.failures]) console.log(`  ${result.name}: ${line}`);
  }
  return results.every((result) => result.failed === 0 && result.passed > 0) ? 0 : 1;
}

process.exitCode = main();
