/** A user as the worker's handlers see it: never the password hash. */
export interface WorkerUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/**
 * Stand-in for your user database (D1, an API…). Passwords are stored as PBKDF2-SHA256 hashes —
 * WebCrypto has no scrypt or argon2, and a worker without `nodejs_compat` has no node:crypto.
 * This one is `correct horse battery staple`, hashed with a random salt and 100,000 iterations
 * (the most Workers' PBKDF2 allows).
 */
const USERS: ReadonlyArray<WorkerUser & { passwordHash: string }> = [
  {
    id: 'u-ada',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    passwordHash: 'pbkdf2-sha256$100000$QuefkZ104e4hG0tPZ/YTDQ==$3ppnmGuPCZSWJnyzB8UpGo1EUYX2NrbyUNE4GQhxUPg=',
  },
];

/** A hash for unknown emails, so that they take as long to refuse as a wrong password. */
const DECOY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** `resolveUser`: the user, or `null`, which refuses the request. */
export function findUser(userId: string): WorkerUser | null {
  const user = USERS.find((candidate) => candidate.id === userId);
  return user === undefined ? null : publicUser(user);
}

/** The user with this email and password, or `null`. */
export async function checkPassword(email: string, password: string): Promise<WorkerUser | null> {
  const user = USERS.find((candidate) => candidate.email === email.trim().toLowerCase());
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  return user !== undefined && matches ? publicUser(user) : null;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || salt === undefined || hash === undefined) return false;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: base64Bytes(salt), iterations: Number(iterations) }, key, 256);
  return constantTimeEqualBytes(new Uint8Array(bits), base64Bytes(hash));
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
}

function constantTimeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

function publicUser(user: WorkerUser): WorkerUser {
  return { id: user.id, email: user.email, name: user.name };
}
