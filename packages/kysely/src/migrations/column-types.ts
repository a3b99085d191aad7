import { type Expression, type Kysely, sql } from 'kysely';
import type { KyselyDialectName } from '../dialects/dialect-name.js';

type ColumnType = string & ('text' | 'integer' | 'bigint' | 'jsonb' | 'json' | `varchar(${number})`);

/** The column types of Authentify's tables on one dialect. */
export interface ColumnTypes {
  /** Session ids (22 base62 characters from core). */
  id: ColumnType | Expression<unknown>;
  /** User ids: up to 255 characters of any kind, compared exactly. */
  userId: ColumnType | Expression<unknown>;
  /** `header` or `cookie`. */
  transport: ColumnType;
  /** Lower-case hex digests, up to 128 characters (SHA-512), compared byte for byte. */
  digest: ColumnType | Expression<unknown>;
  /** The context as JSON: `jsonb`, `json` or text. */
  context: ColumnType;
  /** Epoch milliseconds: exact, and the same in every time zone and driver configuration. */
  millis: ColumnType;
  /** A `RevocationReason`, at most 32 characters. */
  revocationReason: ColumnType;
  /** A revocation's free-text note, at most 1000 characters (core checks the length). */
  revocationNote: ColumnType;
  /** A sealed refresh replay: opaque ASCII of at most 1024 characters, compared never. */
  sealedReplay: ColumnType | Expression<unknown>;
  /** A client IP address as core normalises it: at most 45 ASCII characters. */
  ip: ColumnType | Expression<unknown>;
  /** A `User-Agent` as core keeps it: at most 512 characters of any kind. */
  userAgent: ColumnType;
  /** A session's label: at most 100 characters of any kind (core checks the length). */
  label: ColumnType;
  /** `session` or `api_key`; `NULL` is a session (rows from before migration 0006). */
  kind: ColumnType;
  /** A JSON array of scope tokens (at most 64 of 128 ASCII characters: core checks), as text. */
  scopes: ColumnType;
  /** Who created an API key: at most 255 characters of any kind. */
  createdBy: ColumnType;
  /** The last characters of an API key: ASCII, at most 16. */
  displayHint: ColumnType;
  /** Table options appended to `CREATE TABLE` (MySQL: engine and collation), if any. */
  tableOptions: Expression<unknown> | undefined;
  /** Whether indexes can leave out rows (`CREATE INDEX … WHERE`): SQLite and Postgres can. */
  partialIndexes: boolean;
}

/**
 * The types for `dialect`. Strings are compared exactly everywhere: SQLite's default BINARY
 * collation; on Postgres the "C" collation (byte order, no locale); on MySQL and MariaDB binary
 * collations — `ascii_bin` for digests, and for the rest the binary utf8mb4 collation without
 * trailing-space padding where the server has one, so 'alice' and 'Alice ' are different users.
 */
export async function columnTypesFor(db: Kysely<unknown>, dialect: KyselyDialectName): Promise<ColumnTypes> {
  switch (dialect) {
    case 'sqlite':
      return {
        id: 'text',
        userId: 'text',
        transport: 'text',
        digest: 'text',
        context: 'text',
        millis: 'integer',
        revocationReason: 'text',
        revocationNote: 'text',
        sealedReplay: 'text',
        ip: 'text',
        userAgent: 'text',
        label: 'text',
        kind: 'text',
        scopes: 'text',
        createdBy: 'text',
        displayHint: 'text',
        tableOptions: undefined,
        partialIndexes: true,
      };
    case 'postgres':
      return {
        id: sql`varchar(64) collate "C"`,
        userId: sql`varchar(255) collate "C"`,
        transport: 'varchar(6)',
        digest: sql`varchar(128) collate "C"`,
        context: 'jsonb',
        millis: 'bigint',
        revocationReason: 'varchar(32)',
        revocationNote: 'varchar(1000)',
        sealedReplay: 'text',
        ip: 'varchar(45)',
        userAgent: 'varchar(512)',
        label: 'varchar(100)',
        kind: 'varchar(16)',
        scopes: 'text',
        createdBy: 'varchar(255)',
        displayHint: 'varchar(16)',
        tableOptions: undefined,
        partialIndexes: true,
      };
    case 'mysql': {
      const collation = await exactUtf8mb4Collation(db);
      return {
        id: 'varchar(64)',
        userId: 'varchar(255)',
        transport: 'varchar(6)',
        digest: sql`varchar(128) character set ascii collate ascii_bin`,
        context: 'json',
        millis: 'bigint',
        revocationReason: 'varchar(32)',
        revocationNote: 'varchar(1000)',
        sealedReplay: sql`varchar(1024) character set ascii collate ascii_bin`,
        ip: sql`varchar(45) character set ascii collate ascii_bin`,
        userAgent: 'varchar(512)',
        label: 'varchar(100)',
        kind: 'varchar(16)',
        scopes: 'text',
        createdBy: 'varchar(255)',
        displayHint: 'varchar(16)',
        tableOptions: sql`engine = InnoDB default charset = utf8mb4 collate = ${sql.raw(collation)}`,
        partialIndexes: false,
      };
    }
  }
}

/**
 * MySQL 8 has `utf8mb4_0900_bin` and MariaDB `utf8mb4_nopad_bin`: binary and without PAD SPACE.
 * Older servers only have `utf8mb4_bin`, which ignores trailing spaces in comparisons.
 */
async function exactUtf8mb4Collation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select collation_name as name from information_schema.collations
    where collation_name in ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')
  `.execute(db);
  const names = rows.map((row) => row.name);
  return names.find((name) => name === 'utf8mb4_0900_bin') ?? names[0] ?? 'utf8mb4_bin';
}
