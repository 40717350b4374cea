/*
 * Two tabs of the same user: two pages of one browser context, so they share
 * localStorage, where every session is its own record
 * (`agent-forge:<user>:session:<id>`) and each tab follows the other's
 * writes through `storage` events. What one tab creates, renames or deletes
 * shows in the other, and edits made at the same time never cost a session.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { formatProblems, type PageSession } from './support/browser';
import { useE2E } from './support/suite';
import { conversation, open, send, sessionItem, sidebar } from './support/chat';

const e2e = useE2E();

/** A short, quick reply from the demo agent. */
const QUICK = '/chunks 3 /delay 0';

function header(page: Page): Locator {
  // The shown session's pane (the last few sessions' panes stay, hidden).
  return page.locator('section[aria-label] [data-session-pane]:not([hidden]) h2');
}

/**
 * Tabs one and two of a fresh context. Waits are capped at 10 s: two tabs
 * converge within milliseconds, and a regression should fail fast rather
 * than cost 20 s per wait.
 */
async function openTwoTabs(session: PageSession): Promise<[Page, Page]> {
  session.context.setDefaultTimeout(10_000);
  const one = await openTab(session.context, session.page);
  const two = await openTab(session.context);
  return [one, two];
}

async function openTab(context: BrowserContext, page?: Page): Promise<Page> {
  const tab = page ?? (await context.newPage());
  await tab.goto('/agent-forge');
  await tab.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return tab;
}

/**
 * Brings a tab to the front before acting in it or waiting on it: Chromium
 * throttles animation frames of the tab behind (about 2 per second), which
 * both Playwright's actionability checks and the app's frame-coalesced
 * rendering wait for.
 */
async function use(tab: Page): Promise<Page> {
  await tab.bringToFront();
  return tab;
}

/** The visible conversation has a settled reply to `question`. */
async function answered(page: Page, question: string) {
  const log = conversation(page);
  await log.getByText(question, { exact: true }).waitFor();
  await log.getByRole('heading', { name: /Demo answer — turn \d+/ }).last().waitFor();
  await page.waitForFunction(
    () => document.querySelector('[role="log"][aria-label="Conversation"]')?.getAttribute('aria-busy') === 'false',
  );
}

/** New chat, then a first message (which names the session) and its reply. */
async function createSession(page: Page, title: string) {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  await header(page).filter({ hasText: /^New chat$/ }).waitFor();
  await send(page, `${QUICK} ${title}`);
  await answered(page, `${QUICK} ${title}`);
}

async function rename(page: Page, from: string | RegExp, to: string) {
  await sessionItem(page, from).getByRole('button', { name: 'Rename session' }).click();
  const field = page.getByRole('textbox', { name: 'Session title' });
  await field.fill(to);
  await field.press('Enter');
}

/** The sidebar titles, in order. */
function titles(page: Page): Promise<string[]> {
  return sidebar(page)
    .getByRole('listitem')
    .evaluateAll(items =>
      items.map(item =>
        Array.from(item.querySelectorAll('button > span:first-child > span:not([role="img"])'))
          .map(span => span.textContent ?? '')
          .join(''),
      ),
    );
}

/** How many session records the shared localStorage holds. */
function storedSessionCount(page: Page): Promise<number> {
  return page.evaluate(
    () => Object.keys(localStorage).filter(key => /^agent-forge:.*:session:/.test(key)).length,
  );
}

/** The titles of the stored session records. */
function storedTitles(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter(key => /^agent-forge:.*:session:/.test(key))
      .map(key => JSON.parse(localStorage.getItem(key) ?? '{}').session?.title),
  );
}

/** Stored sessions by title: their messages, as `user: text` / `agent: status`. */
function storedTranscripts(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const key of Object.keys(localStorage).filter(k => /^agent-forge:.*:session:/.test(k))) {
      const session = JSON.parse(localStorage.getItem(key) ?? '{}').session;
      out[session.title] = session.messages.map((m: { role: string; text: string; status?: string }) =>
        m.role === 'user' ? `user: ${m.text}` : `agent: ${m.status}`,
      );
    }
    return out;
  });
}

function assertClean(sessions: PageSession) {
  assert.equal(formatProblems(sessions), '', 'page errors or dialogs');
}

test('a session created, renamed or deleted in one tab shows in the other', async t => {
  await e2e.withSession(t, async session => {
    const [one, two] = await openTwoTabs(session);

    // Created in tab one: listed in tab two, with its transcript.
    await createSession(await use(one), 'Created in tab one');
    await sessionItem(await use(two), /Created in tab one/).waitFor();
    await open(two, /Created in tab one/);
    await answered(two, `${QUICK} Created in tab one`);

    // Renamed in tab two: the new title in tab one's sidebar and header
    // (tab one has the session open).
    await rename(two, /Created in tab one/, 'Renamed in tab two');
    await sessionItem(await use(one), 'Renamed in tab two').waitFor();
    await header(one).filter({ hasText: /^Renamed in tab two$/ }).waitFor();
    assert.deepEqual(await titles(one), ['Renamed in tab two']);

    // Tab one keeps working in the session after tab two's rename, and the
    // rename survives that turn.
    await send(one, `${QUICK} Second question from tab one`);
    await answered(one, `${QUICK} Second question from tab one`);
    await answered(await use(two), `${QUICK} Second question from tab one`);
    assert.deepEqual(await titles(two), ['Renamed in tab two']);
    assert.deepEqual(await titles(one), ['Renamed in tab two']);

    // Deleted in tab one: gone from tab two; Undo brings it back there too.
    await sessionItem(await use(one), 'Renamed in tab two').getByRole('button', { name: 'Delete session' }).click();
    await sessionItem(await use(two), 'Renamed in tab two').waitFor({ state: 'detached' });
    await header(two).waitFor({ state: 'detached' });
    await (await use(one)).getByRole('button', { name: 'Undo' }).click();
    await sessionItem(await use(two), 'Renamed in tab two').waitFor();
    await open(two, 'Renamed in tab two');
    await answered(two, `${QUICK} Second question from tab one`);

    assertClean(session);
  });
});

test('both tabs create a session at the same time: each tab ends with both, and no edit is lost', async t => {
  await e2e.withSession(t, async session => {
    const [one, two] = await openTwoTabs(session);
    const boxOne = one.getByRole('textbox', { name: 'Message' });
    const boxTwo = two.getByRole('textbox', { name: 'Message' });

    // Both tabs start empty, so a first message creates a session: both
    // are sent in the same moment.
    await boxOne.fill(`${QUICK} Alpha from tab one`);
    await boxTwo.fill(`${QUICK} Bravo from tab two`);
    await Promise.all([boxOne.press('Enter'), boxTwo.press('Enter')]);
    await answered(await use(one), `${QUICK} Alpha from tab one`);
    await answered(await use(two), `${QUICK} Bravo from tab two`);
    for (const tab of [one, two]) {
      await sessionItem(await use(tab), /Alpha from tab one/).waitFor();
      await sessionItem(tab, /Bravo from tab two/).waitFor();
      assert.equal((await titles(tab)).length, 2);
    }
    assert.equal(await storedSessionCount(one), 2, 'stored sessions');

    // A second turn in each session at once, then each tab renames the
    // session the other one created.
    await Promise.all([boxOne.fill(`${QUICK} Alpha again`), boxTwo.fill(`${QUICK} Bravo again`)]);
    await Promise.all([boxOne.press('Enter'), boxTwo.press('Enter')]);
    await answered(await use(one), `${QUICK} Alpha again`);
    await answered(await use(two), `${QUICK} Bravo again`);
    await rename(await use(one), /Bravo from tab two/, 'Bravo renamed in tab one');
    await rename(await use(two), /Alpha from tab one/, 'Alpha renamed in tab two');
    for (const tab of [one, two]) {
      await sessionItem(await use(tab), 'Bravo renamed in tab one').waitFor();
      await sessionItem(tab, 'Alpha renamed in tab two').waitFor();
    }

    // Storage holds both sessions, each with its own whole transcript.
    assert.deepEqual(await storedTranscripts(one), {
      'Alpha renamed in tab two': [`user: ${QUICK} Alpha from tab one`, 'agent: complete', `user: ${QUICK} Alpha again`, 'agent: complete'],
      'Bravo renamed in tab one': [`user: ${QUICK} Bravo from tab two`, 'agent: complete', `user: ${QUICK} Bravo again`, 'agent: complete'],
    });
    assertClean(session);
  });
});

/**
 * Tab one starts a long reply in a session that tab two has open, and tab
 * two has received the session's record written mid-stream (it shows the
 * new question). Returns the question.
 */
async function streamInTabOneWhileTabTwoWatches(one: Page, two: Page): Promise<string> {
  await createSession(await use(one), 'Echo session');
  await sessionItem(await use(two), /Echo session/).waitFor();
  await open(two, /Echo session/);
  const question = '/chunks 100 /delay 20 Echo keeps streaming';
  await send(await use(one), question);
  await sessionItem(one, /Echo session/).getByRole('img', { name: 'Streaming' }).waitFor();
  await conversation(await use(two)).getByText(question, { exact: true }).waitFor();
  return question;
}

// Two cases that once lost work (found by these tests), as subtests sharing
// one pair of tabs (page loads of the dev bundle are what this file spends
// its time on).
test('two tabs working on the same chats', async t => {
  await e2e.withSession(t, async session => {
    const [one, two] = await openTwoTabs(session);

    await t.test(
      '"New chat" in each tab gives two sessions, also when one tab already knows the other\'s empty chat',
      async () => {
        // Tab one opens an empty chat; tab two hears of it, then opens its own.
        await (await use(one)).getByRole('button', { name: 'New chat', exact: true }).click();
        await sessionItem(await use(two), /^New chat/).waitFor();
        await two.getByRole('button', { name: 'New chat', exact: true }).click();

        const charlie = `${QUICK} Charlie from tab one`;
        const delta = `${QUICK} Delta from tab two`;
        await send(one, charlie);
        await send(two, delta);
        // Each tab's reply settles; then the tabs converge within milliseconds
        // (2 s at most here), and each tab lists both chats, as storage does.
        for (const tab of [one, two]) {
          await (await use(tab)).waitForFunction(() => {
            const log = document.querySelector('[role="log"][aria-label="Conversation"]');
            return log?.getAttribute('aria-busy') === 'false' && /Demo answer/.test(log.textContent ?? '');
          });
        }
        for (const tab of [one, two]) {
          await (await use(tab))
            .waitForFunction(() => document.querySelectorAll('nav li').length === 2, undefined, { timeout: 2_000 })
            .catch(() => undefined); // the assertion below says what is wrong
        }
        const sorted = async (titlesOf: Promise<string[]>) => (await titlesOf).sort();
        assert.deepEqual(
          {
            tabOne: await sorted(titles(one)),
            tabTwo: await sorted(titles(two)),
            storage: await sorted(storedTitles(one)),
          },
          { tabOne: [charlie, delta], tabTwo: [charlie, delta], storage: [charlie, delta] },
        );
        await open(await use(one), charlie);
        await answered(one, charlie);
      },
    );

    await t.test(
      'while one tab streams a session, the other shows the reply as live and can rename the session',
      async () => {
        const question = await streamInTabOneWhileTabTwoWatches(one, two);
        const problems: string[] = [];

        // Tab two sees the reply as what it is: live in another tab.
        const shown = await two.evaluate(() => ({
          sidebar: Array.from(document.querySelectorAll('nav li'), li => li.textContent ?? '').find(text => text.includes('Echo session')) ?? '',
          buttons: Array.from(document.querySelectorAll('[role="log"] button'), b => b.textContent ?? ''),
        }));
        if (shown.sidebar.includes('Interrupted')) problems.push(`tab two's sidebar says "${shown.sidebar}"`);
        if (shown.buttons.includes('Retry')) problems.push('tab two offers Retry (a re-send) for a live reply');

        // Tab two renames the session while tab one streams it; after the
        // stream the rename holds in both tabs and in storage.
        await rename(two, /Echo session/, 'Echo renamed in tab two');
        await sessionItem(two, 'Echo renamed in tab two').waitFor();
        await answered(await use(one), question);
        await answered(await use(two), question);
        const renamed = ['Echo renamed in tab two'];
        const echo = async (titlesOf: Promise<string[]>) => (await titlesOf).filter(title => /Echo/.test(title));
        const after = { tabOne: await echo(titles(one)), tabTwo: await echo(titles(two)), storage: await echo(storedTitles(one)) };
        if (JSON.stringify(after) !== JSON.stringify({ tabOne: renamed, tabTwo: renamed, storage: renamed })) {
          problems.push(`the rename was lost: ${JSON.stringify(after)}`);
        }
        assert.deepEqual(problems, []);
      },
    );
    assertClean(session);
  });
});

