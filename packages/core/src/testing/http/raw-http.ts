/// <reference types="node" />
// Runs only under Node (vitest); the core build itself is compiled without Node types.
import { connect } from 'node:net';

/** What came back on the socket: `status` 0 when the server closed without an answer. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers keep every value. */
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads the answer until the
 * server closes — for what `fetch` refuses to send: duplicate `Authorization` headers, bytes
 * outside ASCII, a forged `Host`, unknown methods. `head` is the request line and header lines
 * (without the blank line); `Connection: close` is added, and `Content-Length` unless the
 * head frames the body itself.
 *
 * @example
 * ```ts
 * const response = await sendRaw(baseUrl, ['GET /me HTTP/1.1', 'Host: x', 'Authorization: Bearer a', 'Authorization: Bearer b']);
 * ```
 */
export function sendRaw(
  baseUrl: string,
  head: ReadonlyArray<string | Uint8Array>,
  body: string | Uint8Array = '',
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const lines = head.map((line) => (typeof line === 'string' ? Buffer.from(line, 'latin1') : Buffer.from(line)));
  lines.push(Buffer.from('Connection: close'));
  const framed = lines.some((line) => /^(content-length|transfer-encoding):/i.test(line.toString('latin1')));
  if (bodyBytes.length > 0 && !framed) lines.push(Buffer.from(`Content-Length: ${bodyBytes.length}`));
  const request = Buffer.concat([...lines.flatMap((line) => [line, Buffer.from('\r\n')]), Buffer.from('\r\n'), bodyBytes]);

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    // Written without ending our side: some servers treat a half-closed socket as an aborted request.
    socket.on('connect', () => socket.write(request));
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawResponse(Buffer.concat(chunks)));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // Some servers keep the connection open despite `Connection: close`: stop at a complete answer.
      if (isComplete(Buffer.concat(chunks))) finish();
    });
    // A server may reset a connection it refuses; what it sent before still counts.
    socket.on('error', () => undefined);
    socket.on('close', finish);
  });
}

/** Whether the bytes hold a whole answer: head plus `Content-Length` bytes or the last chunk. */
function isComplete(bytes: Buffer): boolean {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return false;
  const head = bytes.subarray(0, headEnd).toString('latin1').toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length !== null) return bytes.length - (headEnd + 4) >= Number(length[1]);
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) return bytes.subarray(headEnd + 4).includes('0\r\n\r\n');
  return /^http\/1\.[01] (?:1\d\d|204|304)/.test(head);
}

/** Parses an HTTP/1.1 answer read to the end of the connection (chunked bodies decoded). */
export function parseRawResponse(received: Uint8Array): RawResponse {
  const bytes = Buffer.from(received);
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return { status: 0, headers: {}, body: bytes.toString('latin1') };
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string[]> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  let body: Buffer = bytes.subarray(headEnd + 4);
  if (headers['transfer-encoding']?.some((value) => value.toLowerCase().includes('chunked'))) body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
