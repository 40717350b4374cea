/*
 * The Backstage app's dev server (`backstage-cli package start` in
 * packages/app) as a child process in its own process group, configured
 * through APP_CONFIG_* environment variables.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const APP_DIR = path.join(REPO_ROOT, 'packages', 'app');
const BACKSTAGE_CLI = path.join(
  REPO_ROOT,
  'node_modules',
  '.bin',
  'backstage-cli',
);
const MAX_OUTPUT_CHARS = 1_000_000;

export interface AppServerOptions {
  port: number;
  agentUrl: string;
  /** Page fetched to decide readiness. Default '/agent-forge'. */
  readyPath?: string;
  /** Give up when the app is not ready by then. Default 240 s. */
  timeoutMs?: number;
  /**
   * How long a failed compile may wait for a fixing rebuild (someone may be
   * saving files right now) before startup fails. Default 30 s.
   */
  compileErrorGraceMs?: number;
}

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  /** Everything the dev server printed so far (the last 1 MB of it). */
  output(): string;
  /** Stops the whole process group: SIGTERM, then SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

/** Startup failed; `output` holds what the dev server printed. */
export class AppServerError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'AppServerError';
  }
}

type CompileState = 'pending' | 'ok' | 'error';

export async function startAppServer(
  options: AppServerOptions,
): Promise<AppServer> {
  const url = `http://localhost:${options.port}`;
  const readyUrl = `${url}${options.readyPath ?? '/agent-forge'}`;
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  const grace = options.compileErrorGraceMs ?? 30_000;

  // detached: the child leads a new process group, so stop() can signal the
  // group (the CLI may spawn helpers; see P13 in the toolchain notes).
  const child = spawn(BACKSTAGE_CLI, ['package', 'start'], {
    cwd: APP_DIR,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      APP_CONFIG_app_baseUrl: url,
      APP_CONFIG_agentForge_baseUrl: options.agentUrl,
      BROWSER: 'none',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>(resolve =>
      child.once('error', resolve),
    );
    throw new AppServerError(
      `could not start ${BACKSTAGE_CLI}: ${error.message}`,
      '',
    );
  }

  let output = '';
  // An object, so that TypeScript does not narrow it across the awaits below.
  const build: { state: CompileState; errorSince: number } = {
    state: 'pending',
    errorSince: 0,
  };
  let partialLine = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-MAX_OUTPUT_CHARS);
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    // "Rspack compiled successfully", "... compiled with 1 warning",
    // "... compiled with 2 errors" (also "... errors and 1 warning").
    for (const line of lines) {
      if (
        /\bcompiled\b/i.test(line) &&
        /\bsuccessfully\b|\bwith\b/i.test(line)
      ) {
        build.state = /\d+ errors?\b/i.test(line) ? 'error' : 'ok';
        build.errorSince = build.state === 'error' ? Date.now() : 0;
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let exitInfo: string | undefined;
  const exited = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', error => {
      exitInfo = `spawn error: ${error.message}`;
      resolve();
    });
  });

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is gone already.
    }
  };
  // Last resort if this process exits without calling stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      killGroup('SIGTERM');
      await Promise.race([exited, delay(5_000)]);
      // Helpers that outlived the leader, or a leader that ignored SIGTERM.
      killGroup('SIGKILL');
      await Promise.race([exited, delay(2_000)]);
      process.off('exit', onExit);
    })();
    return stopping;
  };

  const fail = async (reason: string): Promise<never> => {
    await stop();
    throw new AppServerError(`App dev server on ${url}: ${reason}`, output);
  };

  for (;;) {
    if (exitInfo) {
      return fail(`exited during startup (${exitInfo})`);
    }
    if (Date.now() > deadline) {
      return fail(
        `not ready within ${options.timeoutMs ?? 240_000} ms (compile: ${build.state})`,
      );
    }
    if (build.state === 'error' && Date.now() - build.errorSince > grace) {
      return fail(
        `the bundle failed to compile (no fixing rebuild within ${grace} ms)`,
      );
    }
    if (build.state === 'ok' && (await answers200(readyUrl))) {
      return { url, port: options.port, pid, output: () => output, stop };
    }
    await delay(500);
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
