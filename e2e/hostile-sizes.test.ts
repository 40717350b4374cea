/*
 * Hostile sizes in Chromium: replies that froze the tab for seconds to
 * minutes (a 300 KB line without whitespace, 5,000 artifacts, 5,000 plan
 * versions, an endless zero-delay stream) from the demo agent's `/hostile`
 * directives. Each one ends, says what it cut, and leaves the page usable;
 * Stop ends the endless stream. The longest main-thread task of each is
 * printed (the bench holds the timing targets; this file checks behaviour).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { formatProblems } from './support/browser';
import { conversation, openNewChat, send } from './support/chat';
import { useE2E } from './support/suite';

const e2e = useE2E();

/** Starts recording long tasks in the page; returns a reader of the longest one since. */
async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

/** The composer still takes typing (the main thread is free). */
async function composerWorks(page: Page) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('still here');
  assert.equal(await box.inputValue(), 'still here');
  await box.fill('');
}

test('a 300 KB line without whitespace is shown as plain text, whole', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await openNewChat(page);
    const longest = await watchLongTasks(page);
    await send(page, '/hostile longline 300');
    const log = conversation(page);
    await log.getByText('Shown as plain text: this part is too long to format.').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 60_000 });
    const shown = await log.evaluate(el => el.textContent ?? '');
    assert.ok(shown.includes('x_*[a](`~<'.repeat(100)), 'the line is shown as it came');
    await composerWorks(page);
    t.diagnostic(`longest task: ${Math.round(await longest())} ms`);
    assert.equal(formatProblems(session), '');
  });
});

for (const { prompt, says } of [
  { prompt: '/hostile flood 5000', says: '4,900 more artifacts were not kept.' },
  { prompt: '/hostile replans 5000', says: '4,979 earlier versions of the plan were not kept.' },
]) {
  test(`${prompt}: the reply ends and says what was cut`, { timeout: 240_000 }, async t => {
    await e2e.withSession(t, async session => {
      const { page } = session;
      await openNewChat(page);
      const longest = await watchLongTasks(page);
      const started = Date.now();
      await send(page, prompt);
      await conversation(page).getByText(says).waitFor({ timeout: 200_000 });
      t.diagnostic(`done in ${Date.now() - started} ms; longest task ${Math.round(await longest())} ms`);
      await composerWorks(page);
      assert.equal(formatProblems(session), '');
    });
  });
}

test('Stop ends an endless zero-delay stream', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await openNewChat(page);
    const longest = await watchLongTasks(page);
    await send(page, '/hostile endless');
    const log = conversation(page);
    await log.getByText(/chunk 3000 /).waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await log.getByText('Stopped', { exact: true }).waitFor({ timeout: 5_000 });
    const atStop = await log.evaluate(el => el.textContent ?? '');
    // The stream goes on at the agent for a moment: none of it reaches the page.
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    await composerWorks(page);
    assert.equal(await log.evaluate(el => el.textContent ?? ''), atStop);
    t.diagnostic(`longest task: ${Math.round(await longest())} ms`);
    assert.equal(formatProblems(session), '');
  });
});
