/*
 * Two tabs of one user (two pages of one context: one localStorage, one set
 * of Web Locks), in Chromium:
 *
 * - both send in one chat at the same instant: both questions and both
 *   replies stay, in both tabs and in storage (transcripts merged by
 *   message id);
 * - one dies mid-stream (its renderer crashed through CDP: no unload handler
 *   runs, no last write): once the browser has released the dead tab's
 *   lock, the other tab shows that reply Interrupted, with Resume, and
 *   Resume finishes it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { formatProblems, type PageSession } from './support/browser';
import { conversation, open, openAgentForge, send, sessionItem, settledWith } from './support/chat';
import { useE2E } from './support/suite';

const e2e = useE2E();

const QUICK = '/chunks 3 /delay 0';

/** Brings a tab to the front: Chromium throttles a background tab's frames, which the app renders in. */
async function use(tab: Page): Promise<Page> {
  await tab.bringToFront();
  return tab;
}

/** A stored session's messages, as `user: text` / `agent: status`. */
function storedTranscript(page: Page, title: string): Promise<string[]> {
  return page.evaluate(wanted => {
    for (const key of Object.keys(localStorage).filter(k => /^agent-forge:.*:session:/.test(k))) {
      const { session } = JSON.parse(localStorage.getItem(key) ?? '{}');
      if (session.title !== wanted) continue;
      return session.messages.map((m: { role: string; text: string; status?: string }) =>
        m.role === 'user' ? `user: ${m.text}` : `agent: ${m.status}`,
      );
    }
    return [];
  }, title);
}

function assertClean(session: PageSession) {
  assert.equal(formatProblems(session), '', 'page errors or dialogs');
}

async function openTwoTabs(session: PageSession): Promise<[Page, Page]> {
  session.context.setDefaultTimeout(15_000);
  return [await openAgentForge(session.page), await openAgentForge(await session.context.newPage())];
}

/** Tab one starts a chat; tab two opens it. Returns its title. */
async function sharedChat(one: Page, two: Page, title: string): Promise<string> {
  await send(await use(one), `${QUICK} ${title}`);
  await settledWith(one, 'Demo answer');
  const shown = `${QUICK} ${title}`;
  await sessionItem(await use(two), shown).waitFor();
  await open(two, shown);
  await settledWith(two, 'Demo answer');
  return shown;
}

function shownTranscript(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-session-pane]:not([hidden]) [data-message-id]'), el => el.getAttribute('data-message-id') ?? ''),
  );
}

test('two tabs send in one chat at the same instant: both questions and both replies stay, in both tabs and in storage', async t => {
  await e2e.withSession(t, async session => {
    const [one, two] = await openTwoTabs(session);
    const title = await sharedChat(one, two, 'Same instant');
    const alpha = `/chunks 40 /delay 10 Alpha from tab one`;
    const bravo = `/chunks 40 /delay 10 Bravo from tab two`;
    const boxOne = one.getByRole('textbox', { name: 'Message' });
    const boxTwo = two.getByRole('textbox', { name: 'Message' });
    await boxOne.fill(alpha);
    await boxTwo.fill(bravo);

    await Promise.all([boxOne.press('Enter'), boxTwo.press('Enter')]);

    const expected = (transcript: string[]) =>
      transcript.length === 6 && transcript.includes(`user: ${alpha}`) && transcript.includes(`user: ${bravo}`) && transcript.filter(line => line === 'agent: complete').length === 3;
    for (const tab of [one, two]) {
      await use(tab);
      await settledWith(tab, 'Alpha from tab one', 30_000);
      await settledWith(tab, 'Bravo from tab two', 30_000);
    }
    // Each tab shows the same six messages, and storage holds them.
    await one.waitForFunction(() => document.querySelectorAll('[data-session-pane]:not([hidden]) [data-message-id]').length === 6);
    await (await use(two)).waitForFunction(() => document.querySelectorAll('[data-session-pane]:not([hidden]) [data-message-id]').length === 6);
    assert.deepEqual(await shownTranscript(two), await shownTranscript(await use(one)));
    const inStorage = await storedTranscript(one, title);
    assert.ok(expected(inStorage), `storage: ${JSON.stringify(inStorage)}`);
    assertClean(session);
  });
});

/** Kills a tab's renderer: none of its code runs again (no pagehide, no last write). */
async function crash(context: BrowserContext, tab: Page): Promise<void> {
  const cdp = await context.newCDPSession(tab);
  const crashed = new Promise<void>(resolve => tab.once('crash', () => resolve()));
  // Never answered: the session dies with the renderer.
  cdp.send('Page.crash').catch(() => undefined);
  await crashed;
}

test('a tab that dies mid-stream: the other tab shows that reply Interrupted, with Resume, which finishes it', async t => {
  await e2e.withSession(t, async session => {
    const [one, two] = await openTwoTabs(session);
    await sharedChat(one, two, 'Crash test');
    const question = '/chunks 300 /delay 20 A long answer from tab one';
    await send(await use(one), question);
    // Tab two shows it streaming in tab one (no Resume: it is live there).
    await conversation(await use(two)).getByText(question, { exact: true }).waitFor();
    await two.waitForFunction(() => document.querySelector('[data-session-pane]:not([hidden]) [role="log"]')?.getAttribute('aria-busy') === 'true');
    assert.equal(await conversation(two).getByRole('button', { name: 'Resume' }).count(), 0);

    await crash(session.context, one);
    // The other tab's renderer survived it.
    assert.equal(await two.evaluate(() => 1 + 1), 2);

    const log = conversation(await use(two));
    await log.getByRole('button', { name: 'Resume' }).waitFor();
    await log.getByText('Interrupted', { exact: true }).waitFor();
    await log.getByRole('button', { name: 'Resume' }).click();
    await log.getByText('Interrupted', { exact: true }).waitFor({ state: 'detached' });
    // The answer's last line: the reply was finished, not sent again.
    await settledWith(two, '/echo', 60_000);
    assert.equal(await log.getByText(question, { exact: true }).count(), 1);
    assertClean(session);
  });
});
