import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1 (by binding port 0) and
 * releases it again. There is a tiny window in which another process could
 * take it; startApp() reports that clearly ("EADDRINUSE") if it happens.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}
