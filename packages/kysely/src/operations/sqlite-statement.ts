import type { CompiledQuery } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from '../options/sqlite-database.js';

/** Where each bind parameter of a compiled statement comes from: a named argument or a constant. */
type ParameterSource = { readonly argument: string } | { readonly constant: unknown };

/** A statement compiled by Kysely once and prepared once, run with named arguments. */
export interface NamedStatement {
  get(args: Readonly<Record<string, unknown>>): unknown;
  all(args: Readonly<Record<string, unknown>>): unknown[];
  run(args: Readonly<Record<string, unknown>>): void;
}

const MARKER = '\u0000authentify-argument:';

/**
 * Builds a statement whose SQL comes from Kysely — so the storage's table names (its plugin) and
 * the dialect's quoting stay exactly as on the Kysely path — compiled and prepared on first use
 * only (the storage may be created before its tables). `build` receives `arg(name)`, a marker to
 * put where a value goes; after compiling, each bind parameter is traced back to its marker, so
 * the statement never depends on the order in which Kysely emits parameters. Values Kysely
 * inlines as parameters themselves (a `null` in `set`) stay constants.
 */
export function namedStatement(database: SqliteDatabase, build: (arg: <T = string>(name: string) => T) => CompiledQuery): NamedStatement {
  let prepared: { statement: SqliteStatement; sources: ParameterSource[] } | undefined;
  const bind = (args: Readonly<Record<string, unknown>>): { statement: SqliteStatement; values: unknown[] } => {
    prepared ??= prepare(database, build);
    const values = prepared.sources.map((source) => ('argument' in source ? args[source.argument] : source.constant));
    return { statement: prepared.statement, values };
  };
  return {
    get: (args) => {
      const { statement, values } = bind(args);
      return statement.get(...values);
    },
    all: (args) => {
      const { statement, values } = bind(args);
      return statement.all(...values);
    },
    run: (args) => {
      const { statement, values } = bind(args);
      statement.run(...values);
    },
  };
}

function prepare(
  database: SqliteDatabase,
  build: (arg: <T = string>(name: string) => T) => CompiledQuery,
): { statement: SqliteStatement; sources: ParameterSource[] } {
  const compiled = build(<T = string>(name: string) => `${MARKER}${name}` as unknown as T);
  const sources = compiled.parameters.map((parameter): ParameterSource =>
    typeof parameter === 'string' && parameter.startsWith(MARKER) ? { argument: parameter.slice(MARKER.length) } : { constant: parameter },
  );
  return { statement: database.prepare(compiled.sql), sources };
}
