/*
 * The system under test: the demo A2A agent (in this process, random port)
 * and the Backstage app's dev server (child process, free port, pointed at
 * the agent).
 */
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { startAppServer, type AppServer } from './appServer';
import { findFreePort } from './ports';

export { AppServerError } from './appServer';

export interface Servers {
  appUrl: string;
  agentUrl: string;
  app: AppServer;
  agent: DemoAgent;
  /** Milliseconds each took to become ready. */
  timings: { agentMs: number; appMs: number };
  /** Stops both; never throws. Idempotent. */
  stop(): Promise<void>;
}

export interface ServersOptions {
  /** App port; default: a free one (never a fixed 3000, which `npm start` uses). */
  appPort?: number;
  /** Dev server readiness deadline in ms. */
  appTimeoutMs?: number;
}

export async function startServers(
  options: ServersOptions = {},
): Promise<Servers> {
  let started = Date.now();
  const agent = await startDemoAgent({ port: 0 });
  const agentMs = Date.now() - started;

  started = Date.now();
  let app: AppServer;
  try {
    app = await startAppServer({
      port: options.appPort ?? (await findFreePort()),
      agentUrl: agent.url,
      timeoutMs: options.appTimeoutMs,
    });
  } catch (error) {
    await agent.close().catch(() => undefined);
    throw error;
  }
  const appMs = Date.now() - started;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= Promise.allSettled([app.stop(), agent.close()]).then(
      () => undefined,
    );
    return stopping;
  };
  return {
    appUrl: app.url,
    agentUrl: agent.url,
    app,
    agent,
    timings: { agentMs, appMs },
    stop,
  };
}
