import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuthentifyTables } from './authentify-tables.js';
import { TableNamesPlugin } from './table-names-plugin.js';

const db = new Kysely<AuthentifyTables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
}).withPlugin(new TableNamesPlugin({ sessions: 'auth_sessions', rotatedRefreshTokens: 'auth_rotated' }));

describe('TableNamesPlugin', () => {
  it('renames the tables in from, join, qualified references and writes', () => {
    const select = db
      .selectFrom('authentify_rotated_refresh_tokens as rotated')
      .innerJoin('authentify_sessions as session', 'session.id', 'rotated.session_id')
      .selectAll('session')
      .where('rotated.digest', '=', 'x')
      .compile();
    expect(select.sql).toBe(
      'select "session".* from "auth_rotated" as "rotated" inner join "auth_sessions" as "session" on "session"."id" = "rotated"."session_id" where "rotated"."digest" = $1',
    );
    expect(db.deleteFrom('authentify_sessions').where('authentify_sessions.id', '=', 'x').compile().sql).toBe(
      'delete from "auth_sessions" where "auth_sessions"."id" = $1',
    );
    expect(db.updateTable('authentify_sessions').set({ revoked_at: 1 }).compile().sql).toBe('update "auth_sessions" set "revoked_at" = $1');
  });

  it('leaves other tables and aliases alone', () => {
    const other = db.withTables<{ users: { id: string } }>();
    expect(other.selectFrom('users as u').select('u.id').compile().sql).toBe('select "u"."id" from "users" as "u"');
  });
});
