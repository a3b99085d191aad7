/** CRC-32 (IEEE 802.3, the one zlib and PNG use), table-driven. */
const CRC32_TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
}

/**
 * CRC-32 of the first `length` characters of an ASCII string (each char code is one byte).
 * Used as the token checksum: it lets a mistyped or random string be refused without a storage
 * call. It is not a security measure — the secret part of the token is.
 */
export function crc32Ascii(text: string, length: number = text.length): number {
  let crc = 0xffffffff;
  for (let index = 0; index < length; index++) {
    crc = CRC32_TABLE[(crc ^ text.charCodeAt(index)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
