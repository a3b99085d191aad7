import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a database, which a test can break in three ways to
 * simulate an outage, and then restore.
 */
export interface TcpProxy {
  /** The port it listens on. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  /** The database went away: every connection is destroyed, new ones are reset at once. */
  cut(): void;
  /** A partition: connections are destroyed, new ones accepted and never answered. */
  blackHole(): void;
  /** A stall: connections stay open, but nothing gets through, either way, until `restore()`. */
  freeze(): void;
  /** The database is back: forwards again, delivering what a freeze held back. */
  restore(): void;
  /** Stops listening and destroys every socket. */
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'cut' | 'black-hole' | 'frozen' = 'open';
  const sockets = new Set<Socket>();
  const heldBack: (() => void)[] = [];
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (mode === 'frozen') heldBack.push(() => to.write(chunk));
      else to.write(chunk);
    });

  const server = createServer((client) => {
    track(client);
    if (mode === 'cut') return void client.resetAndDestroy();
    if (mode === 'black-hole') return; // hold it open, say nothing
    const upstream = createConnection(target);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  return {
    port: address.port,
    urlThrough(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut() {
      mode = 'cut';
      destroyAll();
    },
    blackHole() {
      mode = 'black-hole';
      destroyAll();
    },
    freeze() {
      mode = 'frozen';
    },
    restore() {
      mode = 'open';
      for (const deliver of heldBack.splice(0)) deliver();
    },
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
