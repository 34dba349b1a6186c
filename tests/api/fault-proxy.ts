/**
 * A TCP proxy a test puts between a client and a server to break the link on purpose: `cut()` closes every
 * connection and refuses new ones (the server looks down), `restore()` listens again on the same port,
 * `delayMs` holds each chunk sent to the server that long (the server looks slow), and `resetNext` connections
 * are reset as soon as they are accepted (a connection lost before any answer).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class FaultProxy {
  /** Added before each chunk from the client is passed on. */
  delayMs = 0;
  /** How many of the next connections are reset at once. */
  resetNext = 0;
  /** Connections accepted so far. */
  accepted = 0;
  /** Chunks received from clients so far. */
  received = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const proxy = new FaultProxy(target, 0);
    await proxy.restore();
    return proxy;
  }

  /** The proxy's address in place of the target's in `url` (same path). */
  url(url: string): string {
    const replaced = new URL(url);
    replaced.hostname = '127.0.0.1';
    replaced.port = String(this.port);
    return replaced.toString();
  }

  /** Listens (again) on its port. */
  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes every connection and stops listening: connecting is refused until restore(). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    this.accepted++;
    if (this.resetNext > 0) {
      this.resetNext--;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      this.received++;
      const send = () => upstream.destroyed || upstream.write(chunk);
      if (this.delayMs > 0) setTimeout(send, this.delayMs);
      else send();
    });
    upstream.on('data', (chunk) => client.destroyed || client.write(chunk));
  }
}
