/*
 * The bench's two servers: the demo agent (child process, HTTP/2 front on a
 * fixed port) and a
 * static server for the production build (dist/, SPA fallback to
 * index.html), plus a blank same-origin page for seeding localStorage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(__dirname, '..');
const NODE_TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');

/** A blank page on the app's origin (for seeding localStorage before a cold load). */
export const BLANK_PATH = '/__bench/blank.html';

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Rejects when something already listens on the port. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', () =>
      reject(new Error(`port ${port} (${what}) is in use; set BENCH_AGENT_PORT / BENCH_APP_PORT`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** A throwaway self-signed certificate for 127.0.0.1 (the agent's HTTP/2 front needs TLS). */
function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-forge-bench-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const result = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`openssl could not make a certificate (${result.error?.message ?? result.stderr})`);
  }
  return { key, cert };
}

/** The demo agent behind an HTTP/2 TLS front on `port` (see agent.ts). */
export async function startAgent(port: number): Promise<Running> {
  const { key, cert } = makeCertificate();
  const child = spawn(
    process.execPath,
    ['--require', NODE_TRANSFORM, path.join(__dirname, 'agent.ts'), String(port), key, cert],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^ready (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`agent exited (${code}):\n${output}`));
    });
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  return {
    url,
    stop: async () => {
      process.off('exit', kill);
      rmSync(path.dirname(key), { recursive: true, force: true });
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise(r => child.once('exit', r)), delay(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export async function startStaticServer(dist: string, port: number): Promise<Running> {
  const index = path.join(dist, 'index.html');
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === BLANK_PATH) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>bench</title>');
      return;
    }
    let file = path.join(dist, path.normalize(pathname));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) file = index;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}
