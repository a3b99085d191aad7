/**
 * The whole session lifecycle in one script: a login on two devices, a verified request,
 * sliding expiry, a refresh, reuse of a stolen refresh token, "log out other devices", and the
 * device list — printed step by step. Runs on the in-memory storage; see `docs/` for databases.
 *
 * Run it with `pnpm start` from this folder (examples/quickstart).
 */
import { createAuthentify, MemorySessionStorage, type RequestView } from '@authentify/core';

type DeviceContext = { device: string; ip: string };
type User = { id: string; name: string };

const users = new Map<string, User>([['u-42', { id: 'u-42', name: 'Ada Lovelace' }]]);

// A clock we can move forward, so the script can show expiry without waiting.
let now = Date.now();
const clock = (): number => now;
const advance = (minutes: number): void => {
  now += minutes * 60_000;
};

const auth = createAuthentify<DeviceContext, User>({
  storage: new MemorySessionStorage(),
  accessTtl: '15m',
  refreshTtl: '30d',
  sliding: { interval: '1m' },
  refreshReuseGrace: '10s',
  resolveUser: (userId) => users.get(userId) ?? null,
  hooks: {
    onRefreshReuse: ({ sessionId }) => console.log(`   ⚠ hook onRefreshReuse: session ${sessionId} revoked as stolen`),
  },
  clock,
});

/** What an HTTP adapter would hand to core: a way to read the request's headers. */
const withBearer = (token: string): RequestView => ({
  header: (name) => (name === 'authorization' ? `Bearer ${token}` : null),
});

const line = (step: string, detail: string): void => console.log(`${step.padEnd(34)} ${detail}`);
const short = (token: string | null): string => (token === null ? 'none' : `${token.slice(0, 14)}…`);

console.log('Authentify quick start — sessions on the in-memory storage\n');

const laptop = await auth.issueSession({ userId: 'u-42', transport: 'header', context: { device: 'Laptop (Firefox)', ip: '203.0.113.7' } });
line('1. log in on a laptop', `session ${laptop.session.id}, access ${short(laptop.accessToken)}, refresh ${short(laptop.refreshToken)}`);
const phone = await auth.issueSession({ userId: 'u-42', transport: 'header', context: { device: 'Phone (iOS app)', ip: '198.51.100.4' } });
line('2. log in on a phone', `session ${phone.session.id}`);

const verified = await auth.authenticate(withBearer(laptop.accessToken));
line('3. laptop calls the API', verified.ok ? `accepted: ${verified.user.name} on ${verified.session.context.device}` : `refused: ${verified.reason}`);

// Change the last character to one it is not (a fixed 'x' would be no change at all 1 time in 62).
const typo = laptop.accessToken.endsWith('x') ? 'y' : 'x';
const forged = await auth.authenticate(withBearer(`${laptop.accessToken.slice(0, -1)}${typo}`));
line('4. a mistyped token', forged.ok ? 'accepted?!' : `refused without a database lookup: ${forged.reason}`);

advance(5);
const slid = await auth.authenticate(withBearer(laptop.accessToken));
line('5. laptop again, 5 minutes later', slid.ok ? `sliding expiry moved to ${slid.session.accessExpiresAt?.toISOString()} (extended: ${slid.extended})` : slid.reason);

advance(20);
const stale = await auth.authenticate(withBearer(phone.accessToken));
line('6. phone after 25 idle minutes', stale.ok ? 'accepted' : `refused: ${stale.reason}`);

const refreshed = await auth.refresh(phone.refreshToken!, 'header');
if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);
line('7. phone refreshes', `same session ${refreshed.session.id}, new access ${short(refreshed.accessToken)}`);

advance(1);
const stolen = await auth.refresh(phone.refreshToken!, 'header');
line('8. old refresh token used again', stolen.ok ? 'accepted?!' : `refused: ${stolen.reason}`);
const afterTheft = await auth.authenticate(withBearer(refreshed.accessToken));
line('   phone’s new token afterwards', afterTheft.ok ? 'accepted' : `refused: ${afterTheft.reason} (the whole session was revoked)`);

const tablet = await auth.issueSession({ userId: 'u-42', transport: 'cookie', context: { device: 'Tablet (Safari)', ip: '192.0.2.9' } });
line('9. log in on a tablet', `session ${tablet.session.id}`);
const loggedOut = await auth.revokeOtherSessionsOfUser('u-42', laptop.session.id);
line('10. laptop: "log out other devices"', `${loggedOut} session(s) revoked`);

console.log('\nDevices of Ada now:');
for (const session of await auth.listSessionsOfUser('u-42')) {
  console.log(`   • ${session.context.device} — ${session.transport} session ${session.id}, last used ${session.lastUsedAt.toISOString()}`);
}

await auth.revokeSession(laptop.session.id, { reason: 'logout' });
const afterLogout = await auth.authenticate(withBearer(laptop.accessToken));
line('\n11. laptop logs out', afterLogout.ok ? 'still accepted?!' : `its token is refused at once: ${afterLogout.reason}`);
