import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides hex digests, bytea literals and tokens', () => {
    const digest = 'a3f1c9e07b5d24681357924680acebdf0123456789abcdef0123456789abcdef';
    expect(redactSecrets(`Duplicate entry '${digest}' for key 'access_digest'`)).toBe("Duplicate entry '[redacted]' for key 'access_digest'");
    expect(redactSecrets(`value \\x${digest} is bad`)).toBe('value [redacted] is bad');
    expect(redactSecrets('token afy_at_4bX9kQ2mZ7pL1sV8nR3tW6yC0dF5gH2jK9aB7cE1 leaked')).toBe('token [redacted] leaked');
  });

  it('keeps table names, error codes and host names', () => {
    const message = "relation \"authentify_rotated_refresh_tokens\" does not exist (42P01) at db.internal.example:5432";
    expect(redactSecrets(message)).toBe(message);
  });
});
