/*
 * A long history in a real layout: the sidebar renders the rows in view and
 * scrolls inside the page, a chat opens at its latest message, scrolling up
 * brings earlier messages without moving what the user was reading, and the
 * composer grows with what is typed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { formatProblems } from './support/browser';
import { conversation, open, send, sidebar } from './support/chat';
import { publishScreenshot, saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';

const e2e = useE2E();

const CHATS = 80;
const MESSAGES = 60;

/** Writes CHATS stored chats (records.ts v1) under the signed-in user's prefix; the newest is "Seeded chat 1". */
async function seedHistory(page: Page): Promise<void> {
  await page.evaluate(
    ({ chats, messages }) => {
      const key = Object.keys(localStorage).find(k => /^agent-forge:.*:session:/.test(k));
      if (!key) throw new Error('no stored session to learn the prefix from');
      const prefix = key.slice(0, key.lastIndexOf(':session:') + ':session:'.length);
      const now = Date.now();
      for (let c = 1; c <= chats; c++) {
        const updatedAt = now + (chats - c) * 1000; // newer than the chat the test sent
        const list = Array.from({ length: messages }, (_, m) => ({
          id: `seed-${c}-${m}`,
          role: m % 2 ? 'agent' : 'user',
          text: m % 2 ? `**Answer** ${m + 1} of chat ${c}.\n\nA second paragraph, so the reply has some height.` : `message ${m + 1} of chat ${c}`,
          createdAt: updatedAt - (messages - m) * 1000,
          ...(m % 2 ? { status: 'complete' } : {}),
        }));
        const session = {
          id: `seed-${c}`,
          title: `Seeded chat ${c}`,
          customTitle: true,
          createdAt: updatedAt - messages * 1000,
          updatedAt,
          status: 'idle',
          messages: list,
        };
        localStorage.setItem(prefix + session.id, JSON.stringify({ v: 1, session }));
      }
      // The page reopens the chat that was open: make that the newest seeded one.
      localStorage.setItem(prefix.replace(/session:$/, 'active'), 'seed-1');
    },
    { chats: CHATS, messages: MESSAGES },
  );
}

/** The transcript's scroll container (the log's parent). */
function transcriptScroll(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-session-pane]:not([hidden]) [role="log"]')!.parentElement!;
    return { top: el.scrollTop, height: el.clientHeight, content: el.scrollHeight };
  });
}

test('a long history: windowed sidebar, chats open at the latest message, earlier ones on scroll', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await page.goto('/agent-forge');
    await page.getByText('Chat with Demo Agent').waitFor();
    // One real chat first: it stores a record, which tells the user's key prefix.
    await send(page, '/chunks 2 a first real question');
    await conversation(page).getByRole('heading', { name: /Demo answer — turn 1/ }).waitFor();
    await seedHistory(page);
    await page.reload();

    const nav = sidebar(page);
    await nav.getByText('Seeded chat 1', { exact: true }).waitFor();
    await conversation(page).getByText('message 59 of chat 1', { exact: true }).waitFor();
    await saveScreenshot(page, 'long-history');
    publishScreenshot('long-history');
    const rendered = await nav.getByRole('listitem').count();
    assert.ok(rendered > 5 && rendered < CHATS, `the sidebar renders a window of its ${CHATS + 1} rows, not ${rendered}`);
    // The page itself does not scroll: the list scrolls inside it.
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight);
    assert.ok(overflow <= 0, `the page is ${overflow} px taller than the window`);
    await page.evaluate(() => {
      const scroller = document.querySelector('ul[data-session-count]')!.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await nav.getByText('Seeded chat 80', { exact: true }).waitFor();
    await nav.getByText(/a first real question/).waitFor();

    // The newest chat opened at its latest message.
    const log = conversation(page);
    await log.getByText('message 59 of chat 1', { exact: true }).waitFor();
    const atOpen = await transcriptScroll(page);
    assert.ok(atOpen.content - atOpen.top - atOpen.height <= 2, `opened ${atOpen.content - atOpen.top - atOpen.height} px above the bottom`);
    assert.equal(await log.getByText('message 1 of chat 1', { exact: true }).count(), 0, 'older messages wait');
    await log.getByRole('button', { name: /Show \d+ earlier messages/ }).waitFor();

    // Scrolling up to the top (the user, with the wheel) brings earlier
    // messages, and the row that was first stays in view: the view does not
    // jump to the newly added ones.
    const scroller = await page.evaluate(() => {
      const r = document.querySelector('[data-session-pane]:not([hidden]) [role="log"]')!.parentElement!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(scroller.x, scroller.y);
    const rows = log.locator('[data-message-id]');
    const shownBefore = await rows.count();
    const firstId = (await rows.first().getAttribute('data-message-id'))!;
    await page.mouse.wheel(0, -(atOpen.content + 1000));
    await page.waitForFunction(
      n => document.querySelectorAll('[data-session-pane]:not([hidden]) [role="log"] [data-message-id]').length > n,
      shownBefore,
    );
    const view = await page.evaluate(id => {
      const scroller = document.querySelector('[data-session-pane]:not([hidden]) [role="log"]')!.parentElement!.getBoundingClientRect();
      const row = document.querySelector(`[data-message-id="${id}"]`)!.getBoundingClientRect();
      return { top: scroller.top, bottom: scroller.bottom, rowTop: row.top, rowBottom: row.bottom };
    }, firstId);
    assert.ok(
      view.rowBottom > view.top && view.rowTop < view.bottom,
      `the first row before the reveal left the view: ${JSON.stringify(view)}`,
    );
    // Further up, step by step, to the first message.
    for (let i = 0; i < 10 && (await log.getByRole('button', { name: /earlier message/ }).count()) > 0; i++) {
      const count = await rows.count();
      await page.mouse.wheel(0, -20_000);
      await page.waitForFunction(
        n => document.querySelectorAll('[data-session-pane]:not([hidden]) [role="log"] [data-message-id]').length > n,
        count,
      );
    }
    await log.getByText('message 1 of chat 1', { exact: true }).waitFor();

    // Another chat opens at its own latest message.
    const frames = () => page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.evaluate(() => {
      document.querySelector('ul[data-session-count]')!.parentElement!.scrollTop = 0;
    });
    await open(page, /^Seeded chat 2(?!\d)/);
    await log.getByText('message 59 of chat 2', { exact: true }).waitFor();
    const other = await transcriptScroll(page);
    assert.ok(other.content - other.top - other.height <= 2, 'the next chat opened at its bottom');
    // Pinning it to the bottom is not the user scrolling up: no earlier messages came by themselves.
    await frames();
    assert.equal(await page.locator('[data-session-pane]:not([hidden]) [role="log"] > [data-message-id]').count(), 8);

    // Scrolled up in chat 2, over to chat 3 and back: chat 2 is where the
    // reader left it (its pane was kept; the browser forgets the offset of a
    // hidden element, the pane puts it back).
    await page.evaluate(() => {
      document.querySelector('[data-session-pane]:not([hidden]) [role="log"]')!.parentElement!.scrollTop = 0;
    });
    await frames(); // the scroll event ran (and revealed earlier messages, the view kept in place)
    const left = await transcriptScroll(page);
    assert.ok(left.content - left.top - left.height > 48, 'scrolled away from the bottom');
    await open(page, /^Seeded chat 3(?!\d)/);
    await log.getByText('message 59 of chat 3', { exact: true }).waitFor();
    await open(page, /^Seeded chat 2(?!\d)/);
    await log.getByText('message 59 of chat 2', { exact: true }).waitFor({ state: 'attached' });
    await frames();
    assert.equal((await transcriptScroll(page)).top, left.top, 'chat 2 came back scrolled where it was');

    // The composer grows with a multi-line draft.
    const composer = page.getByRole('textbox', { name: 'Message' });
    const oneLine = (await composer.boundingBox())!.height;
    await composer.fill('line one\nline two\nline three');
    await page.waitForFunction(
      h => (document.querySelector('textarea[aria-label="Message"]') as HTMLElement).getBoundingClientRect().height > h + 20,
      oneLine,
    );

    assert.equal(formatProblems(session), '', 'page errors or dialogs');
  });
});
