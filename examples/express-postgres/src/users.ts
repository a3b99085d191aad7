import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppTables } from './database.js';
import { hashPassword, spendVerificationTime, verifyPassword } from './password.js';

export interface AppUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/** The account `pnpm start` creates if it is missing. */
export const DEMO_ACCOUNT = { email: 'ada@example.com', name: 'Ada Lovelace', password: 'correct horse battery staple' } as const;

/** The users table: login stays the application's; Authentify stores user ids only. */
export class Users {
  constructor(private readonly db: Kysely<AppTables>) {}

  /** `resolveUser`: the user, or `null` (deleted), which refuses the request and the refresh. */
  async findActive(userId: string): Promise<AppUser | null> {
    const row = await this.db.selectFrom('app_users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirst();
    return row ?? null;
  }

  /** The user with this email and password, or `null`; an unknown email takes as long as a wrong password. */
  async checkPassword(email: string, password: string): Promise<AppUser | null> {
    const row = await this.db.selectFrom('app_users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    if (row === undefined) {
      await spendVerificationTime(password);
      return null;
    }
    return (await verifyPassword(password, row.password_hash)) ? { id: row.id, email: row.email, name: row.name } : null;
  }

  async ensure(account: { email: string; name: string; password: string }): Promise<void> {
    await this.db
      .insertInto('app_users')
      .values({ id: randomUUID(), email: account.email, name: account.name, password_hash: await hashPassword(account.password) })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .execute();
  }
}
