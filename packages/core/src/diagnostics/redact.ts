/**
 * Long runs of token or digest alphabet (hex, base64url, base62) — 32 characters and more, with
 * both letters and digits — become `[redacted]`. A driver's message can quote a value of the
 * failed statement (a duplicate key, a bad parameter); what core logs must never carry a token
 * or a digest. Table names, error codes and host names have no such digit-and-letter runs.
 */
export function redactSecrets(text: string): string {
  return text.replace(/(?:\\x)?[A-Za-z0-9+/_-]{32,}={0,2}/g, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run.replace(/^\\x/, '')) ? '[redacted]' : run));
}
