import net, { type AddressInfo, type Socket } from 'net';

/**
 * A TCP proxy in front of a server, for network faults that are real: `cut()`
 * destroys every open connection (a dropped network), `refuse()` stops
 * accepting new ones (the host is gone) and `accept()` lets them in again.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = net.createServer(client => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut(): void {
      for (const socket of sockets) socket.destroy();
    },
    refuse(): void {
      refusing = true;
      this.cut();
    },
    accept(): void {
      refusing = false;
    },
    close(): Promise<void> {
      this.cut();
      return new Promise(resolve => server.close(() => resolve()));
    },
  };
}
