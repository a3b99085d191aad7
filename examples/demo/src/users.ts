import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { hashPassword, spendVerificationTime, verifyPassword } from './password.js';

/** What the pages and `c.var.auth.user` know about a user: never the password hash. */
export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/** The user the demo creates on first run; `pnpm start` prints these credentials. */
export const DEMO_USER = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  password: 'correct horse battery staple',
} as const;

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
}

/**
 * The demo's user table — the application's side of login, which Authentify leaves to you:
 * it stores a user id per session and asks {@link UserDirectory.findActive} for the user on every
 * request.
 */
export class UserDirectory {
  readonly #byId: Database.Statement<[string], UserRow>;
  readonly #byEmail: Database.Statement<[string], UserRow>;
  readonly #insert: Database.Statement<[string, string, string, string, number]>;

  constructor(database: Database.Database) {
    database.exec(`
      create table if not exists demo_users (
        id text primary key,
        email text not null unique collate nocase,
        name text not null,
        password_hash text not null,
        created_at integer not null
      )`);
    this.#byId = database.prepare('select id, email, name, password_hash from demo_users where id = ?');
    this.#byEmail = database.prepare('select id, email, name, password_hash from demo_users where email = ?');
    this.#insert = database.prepare(
      'insert into demo_users (id, email, name, password_hash, created_at) values (?, ?, ?, ?, ?) on conflict (email) do nothing',
    );
  }

  /** Authentify's `resolveUser`: the user, or `null` (deleted) — which refuses the request. */
  findActive(userId: string): DemoUser | null {
    const row = this.#byId.get(userId);
    return row === undefined ? null : publicUser(row);
  }

  /** The user with this email and password, or `null`; as slow for an unknown email as for a known one. */
  async checkPassword(email: string, password: string): Promise<DemoUser | null> {
    const row = this.#byEmail.get(email.trim());
    if (row === undefined) {
      await spendVerificationTime(password);
      return null;
    }
    return (await verifyPassword(password, row.password_hash)) ? publicUser(row) : null;
  }

  /** Creates the demo user unless it exists; returns whether it did. */
  async ensureDemoUser(): Promise<boolean> {
    if (this.#byEmail.get(DEMO_USER.email) !== undefined) return false;
    const hash = await hashPassword(DEMO_USER.password);
    return this.#insert.run(randomUUID(), DEMO_USER.email, DEMO_USER.name, hash, Date.now()).changes === 1;
  }
}

function publicUser(row: UserRow): DemoUser {
  return { id: row.id, email: row.email, name: row.name };
}
