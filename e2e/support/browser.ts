/*
 * Debian's Chromium driven by playwright-core (which never downloads a
 * browser). One browser per test file, a fresh context (and so fresh
 * localStorage) per test.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** E2E_HEADED=1 shows the browser (needs a display); E2E_SLOWMO=ms slows it down. */
export function launchBrowser(): Promise<Browser> {
  const headed = process.env.E2E_HEADED === '1';
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !headed,
    args: headed ? CHROMIUM_ARGS : ['--headless', ...CHROMIUM_ARGS],
    slowMo: Number(process.env.E2E_SLOWMO ?? 0),
  });
}

export interface DialogRecord {
  type: string;
  message: string;
}

export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  pageErrors: Error[];
  /** console.error() calls, with their source location. */
  consoleErrors: string[];
  /**
   * alert/confirm/prompt/beforeunload dialogs. They are recorded and then
   * dismissed (never accepted): the app should open none, so tests assert
   * this list is empty.
   */
  dialogs: DialogRecord[];
  close(): Promise<void>;
}

export async function openSession(
  browser: Browser,
  baseURL: string,
): Promise<PageSession> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL });
  context.setDefaultTimeout(20_000);
  // The first load of the unminified dev bundle can take a while on 2 cores.
  context.setDefaultNavigationTimeout(90_000);
  const session: PageSession = {
    context,
    page: undefined as unknown as Page,
    pageErrors: [],
    consoleErrors: [],
    dialogs: [],
    close: () => context.close().catch(() => undefined),
  };
  const watch = (page: Page) => {
    page.on('pageerror', error => session.pageErrors.push(error));
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        session.consoleErrors.push(
          `${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`,
        );
      }
    });
    page.on('dialog', dialog => {
      session.dialogs.push({ type: dialog.type(), message: dialog.message() });
      dialog.dismiss().catch(() => undefined);
    });
  };
  context.on('page', watch);
  session.page = await context.newPage();
  return session;
}

/** A readable list of what went wrong in the page, for assertion messages. */
export function formatProblems(session: PageSession): string {
  const lines = [
    ...session.pageErrors.map(e => `page error: ${e.stack ?? e.message}`),
    ...session.dialogs.map(d => `dialog (${d.type}): ${d.message}`),
  ];
  return lines.join('\n');
}
