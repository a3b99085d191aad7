import { crc32Ascii } from './crc32.js';
import { decodeBase62, encodeBase62Fixed, isBase62, randomBase62 } from './base62.js';

/** Which kind of token a string is: a session's access or refresh token, or an API key. */
export type TokenKind = 'access' | 'refresh' | 'api_key';

/** 44 base62 characters = 261.9 bits from the CSPRNG (the floor is 256). */
export const TOKEN_SECRET_LENGTH = 44;
/** CRC-32 fits in 6 base62 digits (62^6 ≈ 5.7e10 > 2^32). */
export const TOKEN_CHECKSUM_LENGTH = 6;

const KIND_MARKERS: Record<TokenKind, string> = { access: 'at', refresh: 'rt', api_key: 'ak' };

/** The token prefix must look like an identifier so the token stays one "word" for scanners. */
export const TOKEN_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

/**
 * Makes and checks token strings of the shape
 * `<prefix>_<at|rt|ak>_<44 base62 secret><6 base62 CRC-32 checksum>`, for example
 * `afy_at_3kTMd9…q2ZfE1`. The prefix lets secret scanners find leaked tokens and tells access
 * tokens, refresh tokens and API keys (`ak`) apart at a glance; the checksum lets {@link TokenCodec.isWellFormed} refuse a
 * mistyped or invented string without touching storage.
 */
export interface TokenCodec {
  /** The regular expression a secret scanner can use to find this deployment's tokens. */
  readonly scannerPattern: RegExp;
  /** Generates a new random token of the given kind. */
  generate(kind: TokenKind): string;
  /** True when `candidate` has the exact shape, alphabet and checksum of a `kind` token. */
  isWellFormed(kind: TokenKind, candidate: string): boolean;
}

/** Creates the codec for one token prefix (validated by the options, e.g. `afy`). */
export function createTokenCodec(prefix: string): TokenCodec {
  const heads: Record<TokenKind, string> = {
    access: `${prefix}_${KIND_MARKERS.access}_`,
    refresh: `${prefix}_${KIND_MARKERS.refresh}_`,
    api_key: `${prefix}_${KIND_MARKERS.api_key}_`,
  };
  const headLength = heads.access.length;
  const bodyEnd = headLength + TOKEN_SECRET_LENGTH;
  const totalLength = bodyEnd + TOKEN_CHECKSUM_LENGTH;

  const checksumOf = (text: string): string =>
    encodeBase62Fixed(crc32Ascii(text, bodyEnd), TOKEN_CHECKSUM_LENGTH);

  return {
    scannerPattern: new RegExp(
      `\\b${prefix}_(?:at|rt|ak)_[0-9A-Za-z]{${TOKEN_SECRET_LENGTH + TOKEN_CHECKSUM_LENGTH}}\\b`,
    ),
    generate(kind) {
      const body = heads[kind] + randomBase62(TOKEN_SECRET_LENGTH);
      return body + checksumOf(body);
    },
    isWellFormed(kind, candidate) {
      if (typeof candidate !== 'string' || candidate.length !== totalLength) return false;
      if (!candidate.startsWith(heads[kind])) return false;
      if (!isBase62(candidate, headLength, bodyEnd)) return false;
      // Compared as numbers, so no string is built per candidate. The checksum is not secret
      // (anyone can compute it), so a plain comparison is fine.
      return decodeBase62(candidate, bodyEnd, totalLength) === crc32Ascii(candidate, bodyEnd);
    },
  };
}
