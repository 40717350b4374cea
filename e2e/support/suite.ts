/*
 * Per-test-file wiring for node:test. Under `npm run e2e` the orchestrator
 * (e2e/run.ts) has started the app and the agent once and passes their URLs
 * in E2E_APP_URL / E2E_AGENT_URL; a test file run on its own starts them
 * itself.
 */
import { after, before, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openSession, type PageSession } from './browser';
import { saveScreenshot } from './screenshots';
import { AppServerError, startServers, type Servers } from './servers';

export const APP_URL_ENV = 'E2E_APP_URL';
export const AGENT_URL_ENV = 'E2E_AGENT_URL';

export interface E2E {
  readonly appUrl: string;
  readonly agentUrl: string;
  /**
   * Runs fn with a fresh browser context and page (relative URLs resolve
   * against the app). On failure it saves e2e/artifacts/FAILED-<test>.png;
   * the context is closed either way.
   */
  withSession<T>(
    t: TestContext,
    fn: (session: PageSession) => Promise<T>,
  ): Promise<T>;
}

/** Call once at the top of a test file. */
export function useE2E(): E2E {
  let appUrl = process.env[APP_URL_ENV];
  let agentUrl = process.env[AGENT_URL_ENV];
  let servers: Servers | undefined;
  let browser: Browser | undefined;

  before(async () => {
    if (!appUrl || !agentUrl) {
      try {
        servers = await startServers();
      } catch (error) {
        if (error instanceof AppServerError) {
          error.message += `\n--- dev server output (tail) ---\n${error.output.split('\n').slice(-100).join('\n')}`;
        }
        throw error;
      }
      appUrl = servers.appUrl;
      agentUrl = servers.agentUrl;
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await servers?.stop();
  });

  const required = (value: string | undefined, what: string) => {
    if (!value) throw new Error(`${what} is not set: did before() fail?`);
    return value;
  };

  return {
    get appUrl() {
      return required(appUrl, 'the app URL');
    },
    get agentUrl() {
      return required(agentUrl, 'the agent URL');
    },
    async withSession(t, fn) {
      if (!browser) throw new Error('no browser: did before() fail?');
      const session = await openSession(
        browser,
        required(appUrl, 'the app URL'),
      );
      try {
        return await fn(session);
      } catch (error) {
        await saveScreenshot(session.page, `FAILED-${t.name}`).catch(
          () => undefined,
        );
        throw error;
      } finally {
        await session.close();
      }
    },
  };
}
