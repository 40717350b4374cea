/*
 * A tiny HTTP server that records every request it gets: image and link
 * targets for hostile-content tests. `.png` paths answer with a 1×1 PNG,
 * `.css` with an empty stylesheet, anything else with 204.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A transparent 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export interface ProbeRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** The Host header (which name the client used). */
  host: string;
}

export interface ProbeServer {
  /** Port on 127.0.0.1. */
  port: number;
  /** Every request so far, oldest first. */
  readonly requests: readonly ProbeRequest[];
  /**
   * Resolves with the first matching request (already seen ones count);
   * rejects after `timeoutMs` (default 20 s) without one.
   */
  waitForRequest(match: (request: ProbeRequest) => boolean, timeoutMs?: number): Promise<ProbeRequest>;
  close(): Promise<void>;
}

export async function startProbeServer(host = '127.0.0.1'): Promise<ProbeServer> {
  const requests: ProbeRequest[] = [];
  const waiters: Array<{
    match: (request: ProbeRequest) => boolean;
    resolve: (request: ProbeRequest) => void;
  }> = [];
  const server = createServer((req, res) => {
    const request: ProbeRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: req.headers.host ?? '',
    };
    requests.push(request);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(request)) waiter.resolve(request);
      else waiters.push(waiter);
    }
    const path = request.url.split('?')[0];
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (path.endsWith('.png')) {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
    } else if (path.endsWith('.css')) {
      res.writeHead(200, { 'Content-Type': 'text/css' }).end('');
    } else {
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    waitForRequest(match, timeoutMs = 20_000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (request: ProbeRequest) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`the probe server got no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
