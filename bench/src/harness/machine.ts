import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** Where and with what a report was measured. */
export type MachineInfo = Record<string, string>;

/** The bench package's own node_modules: read manifests directly (some packages' exports hide them). */
const nodeModules = join(import.meta.dirname, '..', '..', 'node_modules');

function versionOf(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** CPU, memory, OS, Node and the versions of everything measured. Database versions are added by their suites. */
export function describeMachine(): MachineInfo {
  const cpuList = cpus();
  return {
    cpu: `${cpuList[0]?.model ?? 'unknown'} × ${cpuList.length}`,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `Linux ${release()}`,
    node: process.version,
    kysely: versionOf('kysely'),
    'better-sqlite3': versionOf('better-sqlite3'),
    pg: versionOf('pg'),
    mysql2: versionOf('mysql2'),
    jose: versionOf('jose'),
    hono: versionOf('hono'),
    '@hono/node-server': versionOf('@hono/node-server'),
    express: versionOf('express'),
    autocannon: versionOf('autocannon'),
  };
}
