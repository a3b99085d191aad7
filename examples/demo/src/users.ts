import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { hashPassword, spendVerificationTime, verifyPassword } from './password.js';

/** What the pages and `c.var.auth.user` know about a user: never the password hash. */
export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  /** Whether the user may open the admin console at `/admin`. */
  readonly admin: boolean;
}

/** The user the demo creates on first run, an admin; `pnpm start` prints these credentials. */
export const DEMO_USER = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  password: 'correct horse battery staple',
  admin: true,
} as const;

/** A second demo user, not an admin: the admin console refuses her. */
export const DEMO_NON_ADMIN_USER = {
  email: 'grace@example.com',
  name: 'Grace Hopper',
  password: 'compilers are friendly',
  admin: false,
} as const;

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: number;
}

/**
 * The demo's user table — the application's side of login, which Authentify leaves to you:
 * it stores a user id per session and asks {@link UserDirectory.findActive} for the user on every
 * request.
 */
export class UserDirectory {
  readonly #byId: Database.Statement<[string], UserRow>;
  readonly #byEmail: Database.Statement<[string], UserRow>;
  readonly #insert: Database.Statement<[string, string, string, string, number, number]>;

  constructor(database: Database.Database) {
    database.exec(`
      create table if not exists demo_users (
        id text primary key,
        email text not null unique collate nocase,
        name text not null,
        password_hash text not null,
        created_at integer not null
      )`);
    // Databases made before the admin console lack the column; Ada becomes the admin there too.
    const columns = database.prepare<[], { name: string }>('pragma table_info(demo_users)').all();
    if (!columns.some((column) => column.name === 'is_admin')) {
      database.exec('alter table demo_users add column is_admin integer not null default 0');
      database.prepare('update demo_users set is_admin = 1 where email = ?').run(DEMO_USER.email);
    }
    this.#byId = database.prepare('select id, email, name, password_hash, is_admin from demo_users where id = ?');
    this.#byEmail = database.prepare('select id, email, name, password_hash, is_admin from demo_users where email = ?');
    this.#insert = database.prepare(
      'insert into demo_users (id, email, name, password_hash, created_at, is_admin) values (?, ?, ?, ?, ?, ?) on conflict (email) do nothing',
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

  /** Creates the demo users (Ada, an admin, and Grace, who is not) unless they exist; returns whether it created Ada. */
  async ensureDemoUser(): Promise<boolean> {
    const created = await this.#ensure(DEMO_USER);
    await this.#ensure(DEMO_NON_ADMIN_USER);
    return created;
  }

  async #ensure(user: { email: string; name: string; password: string; admin: boolean }): Promise<boolean> {
    if (this.#byEmail.get(user.email) !== undefined) return false;
    const hash = await hashPassword(user.password);
    return this.#insert.run(randomUUID(), user.email, user.name, hash, Date.now(), user.admin ? 1 : 0).changes === 1;
  }
}

function publicUser(row: UserRow): DemoUser {
  return { id: row.id, email: row.email, name: row.name, admin: row.is_admin === 1 };
}
