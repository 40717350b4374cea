/*
 * A reverse proxy that adds the agent's secret to every request, as the
 * Backstage proxy does with `headers: { Authorization: ... }`. The browser
 * talks to the proxy; the agent's card advertises the proxy's address
 * (startDemoAgent's `publicUrl`), so every request goes through it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretProxy {
  url: string;
  /** Where requests go; set once the agent listens. */
  target?: string;
  close(): Promise<void>;
}

export async function startSecretProxy(headers: Record<string, string>): Promise<SecretProxy> {
  const proxy: SecretProxy = { url: '', close: async () => undefined };
  const server = http.createServer((req, res) => {
    if (!proxy.target) {
      res.writeHead(503).end();
      return;
    }
    const target = new URL(proxy.target);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, ...headers },
      },
      response => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
