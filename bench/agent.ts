/*
 * The demo agent for the bench, in its own process (so that its event loop
 * and the bench's CDP calls do not delay each other), behind an HTTP/2 TLS
 * front on a fixed port (the production build has the agent's URL compiled
 * in). Prints "ready <url>" once listening.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/agent.ts <port> <key.pem> <cert.pem>
 *
 * Why HTTP/2: over HTTP/1.1 Chromium opens at most 6 connections per host,
 * so of ten concurrent replies (each an open event stream) four would wait
 * for one of the first six to end. Production agents and Backstage proxies
 * are normally reached over HTTP/2 (TLS ingress), where the ten streams share
 * one connection. The front forwards each request to the agent (HTTP/1.1,
 * loopback) and streams the response back unbuffered.
 */
import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import { startDemoAgent } from '@internal/demo-agent';
import { redosReply } from './scenarios/redosForms';

/** Connection-specific headers are not allowed in HTTP/2 (RFC 9113 §8.2.2). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !name.startsWith(':') && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

async function main() {
  const [port, keyFile, certFile] = process.argv.slice(2);
  const publicUrl = `https://127.0.0.1:${port}`;
  const agent = await startDemoAgent({
    port: 0,
    host: '127.0.0.1',
    publicUrl,
    defaults: { delayMs: 0 },
    // The ReDoS scenario's forms; every other message gets the normal script.
    scripted: redosReply,
  });
  const upstream = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  const front = http2.createSecureServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile), allowHTTP1: true },
    (req, res) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: agent.port,
          method: req.method,
          path: req.url,
          headers: { ...forwardable(req.headers), host: `127.0.0.1:${agent.port}` },
          agent: upstream,
        },
        response => {
          res.writeHead(response.statusCode ?? 502, forwardable(response.headers));
          response.pipe(res);
        },
      );
      request.on('error', error => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      // The browser went away (a stopped reply): let the agent see it too.
      res.on('close', () => request.destroy());
      req.pipe(request);
    },
  );
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(Number(port), '127.0.0.1', () => resolve());
  });
  process.stdout.write(`ready ${publicUrl}\n`);

  const stop = () => {
    front.close();
    agent.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`bench agent: ${error?.stack ?? error}\n`);
  process.exit(1);
});
