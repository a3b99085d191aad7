import { createAuthentify, MemorySessionStorage, type RequestView } from '@authentify/core';

// A request as an adapter describes it: a client behind one proxy of ours, which appends the
// address it saw to X-Forwarded-For. Adapters build this view themselves.
const from = (clientIp: string, token?: string): RequestView => ({
  method: 'GET',
  url: 'https://app.example/account',
  remoteAddress: '10.0.0.2', // the proxy
  header: (name) =>
    ({ 'x-forwarded-for': clientIp, 'user-agent': 'Firefox/140', authorization: token && `Bearer ${token}` })[name],
});

const auth = createAuthentify<{ pinnedIp?: string }>({
  storage: new MemorySessionStorage(),
  trustProxy: 1, // believe the last hop of X-Forwarded-For, nothing further left
  clientChange: 'network', // another IPv4 /24 or IPv6 /64 counts as a move
  hooks: {
    afterLogin: ({ session, request }) => console.log(`login of ${session.userId} from ${request?.ip}`),
    // A session pinned to an address is refused elsewhere — its refreshes too.
    afterAuthenticate: ({ session, request }) =>
      session.context.pinnedIp !== undefined && request?.ip !== session.context.pinnedIp ? { refuse: true } : undefined,
    onClientChange: ({ session, previous, current }) =>
      console.log(`session of ${session.userId} moved: ${previous.ip} → ${current.ip}`),
  },
});

const laptop = await auth.issueSession({ userId: 'ada', transport: 'header', request: from('192.0.2.10') });
await auth.authenticate(from('192.0.2.77', laptop.accessToken)); // the same network: quiet
await auth.authenticate(from('198.51.100.4', laptop.accessToken)); // another network
const [listed] = await auth.listSessionsOfUser('ada');
console.log(`last seen from ${listed?.lastIp} (${listed?.lastUserAgent})`);

const kiosk = await auth.issueSession({
  userId: 'kiosk',
  transport: 'header',
  context: { pinnedIp: '192.0.2.50' },
  request: from('192.0.2.50'),
});
const there = await auth.authenticate(from('192.0.2.50', kiosk.accessToken));
const elsewhere = await auth.authenticate(from('203.0.113.9', kiosk.accessToken));
const refreshed = await auth.refresh(kiosk.refreshToken!, 'header', { request: from('203.0.113.9') });
console.log(there.ok, elsewhere.ok || elsewhere.reason, refreshed.ok || refreshed.reason);
