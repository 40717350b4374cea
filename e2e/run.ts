/*
 * `npm run e2e [-- files...] [-- --test-name-pattern=...]`
 *
 * Starts the demo agent and the app's dev server once, runs the test files
 * with Node's test runner (TAP output, ending with its `# pass N` / `# fail N`
 * summary) in a child process, then stops both servers, whatever happened.
 * The dev server's output is printed only when something fails; it is always
 * saved to e2e/artifacts/dev-server.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './support/appServer';
import { ARTIFACTS_DIR } from './support/screenshots';
import { AppServerError, startServers, type Servers } from './support/servers';
import { AGENT_URL_ENV, APP_URL_ENV } from './support/suite';

const E2E_DIR = path.join(REPO_ROOT, 'e2e');
const NODE_TRANSFORM =
  require.resolve('@backstage/cli/config/nodeTransform.cjs');
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 120_000);
const RUN_TIMEOUT_MS = Number(process.env.E2E_RUN_TIMEOUT_MS ?? 15 * 60_000);
const TAIL_LINES = 200;

/** The `node --test` child, while it runs (stopped on SIGINT/SIGTERM too). */
let testProcess: ChildProcess | undefined;

const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function testFiles(args: string[]): string[] {
  const chosen = args.filter(a => !a.startsWith('-'));
  const files = chosen.length
    ? chosen.map(f => path.resolve(process.cwd(), f))
    : readdirSync(E2E_DIR)
        .filter(f => f.endsWith('.test.ts'))
        .sort()
        .map(f => path.join(E2E_DIR, f));
  return files.map(f => path.relative(REPO_ROOT, f));
}

function devServerLog(servers: Servers): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, 'dev-server.log');
  writeFileSync(file, servers.app.output());
  return path.relative(REPO_ROOT, file);
}

function printDevServerOutput(output: string, file?: string) {
  const lines = output.trimEnd().split('\n');
  log(
    `dev server output${lines.length > TAIL_LINES ? ` (last ${TAIL_LINES} lines)` : ''}${file ? `, in full in ${file}` : ''}:`,
  );
  process.stderr.write(
    `${lines.slice(-TAIL_LINES).join('\n')}\n[e2e] --- end of dev server output\n`,
  );
}

/** Runs `node --test` on the files; resolves with its exit code. */
function runTests(
  files: string[],
  flags: string[],
  servers: Servers,
): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      NODE_TRANSFORM,
      '--test',
      '--test-reporter=tap',
      `--test-concurrency=${process.env.E2E_CONCURRENCY ?? 1}`,
      `--test-timeout=${TEST_TIMEOUT_MS}`,
      ...flags,
      ...files,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        [APP_URL_ENV]: servers.appUrl,
        [AGENT_URL_ENV]: servers.agentUrl,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  testProcess = child;
  // Show the dev server's output after the first failure's YAML block,
  // while the summary is still to come: the run has to end with it.
  let partial = '';
  let failing = false;
  let shown = false;
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      process.stdout.write(`${line}\n`);
      if (shown) continue;
      // A real failure, not a failing TODO test.
      if (/^\s*not ok \d+/.test(line) && !/# TODO\b/.test(line)) {
        failing = true;
      } else if (failing && /^\s*\.\.\.\s*$/.test(line)) {
        shown = true;
        printDevServerOutput(servers.app.output(), devServerLog(servers));
      }
    }
  });
  child.stdout.on('end', () => process.stdout.write(partial));
  const watchdog = setTimeout(() => {
    log(
      `the tests did not finish within ${seconds(RUN_TIMEOUT_MS)}; killing them`,
    );
    child.kill('SIGKILL');
  }, RUN_TIMEOUT_MS);
  return new Promise(resolve =>
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      testProcess = undefined;
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const files = testFiles(args);
  const flags = args.filter(a => a.startsWith('-'));
  if (files.length === 0) {
    log('no e2e/*.test.ts files');
    return 1;
  }

  // Until the servers are up, exiting is enough: process.exit() runs the
  // 'exit' hook that kills the dev server's process group.
  let servers: Servers | undefined;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the tests and the servers`);
    testProcess?.kill('SIGTERM');
    void (servers?.stop() ?? Promise.resolve()).finally(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  log('starting the demo agent and the app dev server...');
  try {
    servers = await startServers();
  } catch (error) {
    if (error instanceof AppServerError) {
      printDevServerOutput(error.output);
    }
    log(
      `could not start the servers: ${error instanceof Error ? error.message : error}`,
    );
    return 1;
  }
  const { agentMs, appMs } = servers.timings;
  log(
    `agent ${servers.agentUrl} (${agentMs} ms), app ${servers.appUrl}/agent-forge (ready in ${seconds(appMs)})`,
  );

  try {
    log(`running ${files.join(' ')}`);
    const code = await runTests(files, flags, servers);
    if (process.env.E2E_KEEP === '1') {
      log(
        `E2E_KEEP=1: ${servers.appUrl}/agent-forge and ${servers.agentUrl} stay up; Ctrl-C stops them`,
      );
      await new Promise(() => undefined); // until a signal arrives
    }
    return code;
  } finally {
    devServerLog(servers);
    await servers.stop();
  }
}

main().then(
  code => process.exit(code),
  error => {
    log(
      `failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`,
    );
    process.exit(1);
  },
);
