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
  const { sql, sources } = compileWithArguments(build);
  return { statement: database.prepare(sql), sources };
}

/**
 * Compiles `build` once with a marker per named argument, and traces each bind parameter back to
 * its marker (or keeps it as a constant): the SQL, and how to bind it from named arguments. Used
 * for SQLite's prepared statements and Postgres's named ones alike.
 */
export function compileWithArguments(build: (arg: <T = string>(name: string) => T) => CompiledQuery): {
  sql: string;
  sources: ParameterSource[];
  bind(args: Readonly<Record<string, unknown>>): unknown[];
} {
  const compiled = build(<T = string>(name: string) => `${MARKER}${name}` as unknown as T);
  const sources = compiled.parameters.map((parameter): ParameterSource =>
    typeof parameter === 'string' && parameter.startsWith(MARKER) ? { argument: parameter.slice(MARKER.length) } : { constant: parameter },
  );
  return {
    sql: compiled.sql,
    sources,
    bind: (args) => sources.map((source) => ('argument' in source ? args[source.argument] : source.constant)),
  };
}
