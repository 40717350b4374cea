import http, { type IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';

/**
 * A reverse proxy like Backstage's proxy backend: requests under `prefix` are
 * forwarded to `target` with the prefix removed, and `inject` headers added
 * on the way (the agent's secret, which the browser never sees).
 */
export async function startPathProxy(options: {
  prefix: string;
  target: string;
  inject?: Record<string, string>;
}) {
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const target = new URL(options.target);
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, headers: { ...req.headers } });
    if (!path.startsWith(options.prefix)) {
      res.writeHead(404).end();
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: path.slice(options.prefix.length) || '/',
        headers: { ...req.headers, host: target.host, ...options.inject },
      },
      response => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
