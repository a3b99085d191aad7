import { createAuthentify, MemorySessionStorage, type SessionRecord } from '@authentify/core';

// A storage that can answer without I/O offers the synchronous lookup; a wrapper forwards it.
class CountingStorage extends MemorySessionStorage {
  syncLookups = 0;

  override findSessionByAccessDigestSync(accessDigest: string): SessionRecord | null {
    this.syncLookups++;
    return super.findSessionByAccessDigestSync(accessDigest);
  }
}

const storage = new CountingStorage();
const auth = createAuthentify({ storage });
const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
const result = await auth.authenticateToken(issued.accessToken, 'header');
console.log(JSON.stringify({ authenticated: result.ok, syncLookups: storage.syncLookups }));
// {"authenticated":true,"syncLookups":1}
