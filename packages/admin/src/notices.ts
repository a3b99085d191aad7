/**
 * The notices a page shows after a form post, by key: `?notice=` carries a key, never text, so
 * that a link from elsewhere cannot make the console say something it did not.
 */
export function noticeText(key: string | null): string | null {
  if (key === null) return null;
  if (key === 'revoked') return 'The session was revoked.';
  if (key === 'revoked-not-kept') return 'The session was revoked, and deleted: without audit retention ended sessions are not kept.';
  if (key === 'already-ended') return 'The session had already ended: nothing was changed.';
  const bulk = /^revoked-(\d{1,9})$/.exec(key);
  if (bulk !== null) return `${bulk[1]} live session${bulk[1] === '1' ? '' : 's'} of this user ${bulk[1] === '1' ? 'was' : 'were'} revoked.`;
  return null;
}
