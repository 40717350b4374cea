/*
 * The seeds' scenario: two sessions streaming at once in the real app, in
 * Chromium, driven by roles and accessible names only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { formatViolations, scanAccessibility } from './support/axe';
import { formatProblems } from './support/browser';
import { composeSideBySide, publishScreenshot, saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';
import { conversation, open, send, sessionItem } from './support/chat';

const e2e = useE2E();

/** Long enough to act on mid-stream, short enough for CI: about 5 s. */
const LONG = '/chunks 400 /delay 10';

/** A session's sidebar item shows its live indicator exactly while it streams. */
function streamingIndicator(page: Page, title: string | RegExp): Locator {
  return sessionItem(page, title).getByRole('img', { name: 'Streaming' });
}

/** The reply that answers `question` in the visible conversation is complete. */
async function answered(page: Page, question: string) {
  const log = conversation(page);
  await log.getByRole('heading', { name: /Demo answer — turn \d+/ }).last().waitFor();
  await log.getByText(question, { exact: true }).last().waitFor();
  // The final_result of the demo agent ends with this line.
  await log.getByText(/Try/).filter({ hasText: '/echo' }).last().waitFor();
}

test('two sessions stream side by side; stop, delete, undo and reload keep each intact', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await page.goto('/agent-forge');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

    // Session A starts a long reply.
    await page.getByRole('button', { name: 'New chat' }).click();
    await send(page, `${LONG} Session A question`);
    await streamingIndicator(page, /Session A question/).waitFor();

    // While A streams, B is created, typed into and sent.
    await page.getByRole('button', { name: 'New chat' }).click();
    const box = page.getByRole('textbox', { name: 'Message' });
    assert.equal(await box.isEnabled(), true, 'the composer of B is not blocked by A');
    await send(page, '/chunks 300 /delay 10 Session B question');
    await streamingIndicator(page, /Session B question/).waitFor();
    await streamingIndicator(page, /Session A question/).waitFor();
    await page.getByText('1 live response').waitFor();
    // Each session mid-answer while the other streams in the background.
    await conversation(page).getByRole('heading', { name: /Demo answer/ }).waitFor();
    await saveScreenshot(page, 'session-b-streaming');
    await open(page, /Session A question/);
    await conversation(page).getByRole('heading', { name: 'Numbers' }).waitFor();
    await streamingIndicator(page, /Session B question/).waitFor();
    await saveScreenshot(page, 'session-a-streaming');
    await composeSideBySide(page, ['session-a-streaming', 'session-b-streaming'], 'two-sessions-streaming');
    publishScreenshot('two-sessions-streaming');

    // Both finish, each with its own complete answer.
    await open(page, /Session B question/);
    await answered(page, 'Session B question');
    await open(page, /Session A question/);
    await answered(page, 'Session A question');
    assert.equal(await conversation(page).getByText('Session B question').count(), 0, 'no B text in A');
    await streamingIndicator(page, /Session A question/).waitFor({ state: 'detached' });
    await streamingIndicator(page, /Session B question/).waitFor({ state: 'detached' });

    // Stop in A leaves B streaming.
    await open(page, /Session B question/);
    await send(page, `${LONG} B keeps going`);
    await open(page, /Session A question/);
    await send(page, `${LONG} A will be stopped`);
    await streamingIndicator(page, /Session A question/).waitFor();
    await conversation(page).getByRole('heading', { name: /Demo answer — turn 2/ }).waitFor();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await conversation(page).getByText('Stopped', { exact: true }).waitFor();
    await streamingIndicator(page, /Session A question/).waitFor({ state: 'detached' });
    assert.equal(await streamingIndicator(page, /Session B question/).count(), 1, 'B still streams after A stopped');
    await page.getByRole('textbox', { name: 'Message' }).waitFor();

    // Delete A mid-stream: B is unaffected, and Undo restores A's transcript.
    await send(page, `${LONG} A will be deleted`);
    await streamingIndicator(page, /Session A question/).waitFor();
    await sessionItem(page, /Session A question/).getByRole('button', { name: 'Delete session' }).click();
    await sessionItem(page, /Session A question/).waitFor({ state: 'detached' });
    assert.equal(await streamingIndicator(page, /Session B question/).count(), 1, 'B still streams after A was deleted');
    await page.getByRole('button', { name: 'Undo' }).click();
    await open(page, /Session A question/);
    const log = conversation(page);
    await log.getByText(`${LONG} A will be deleted`, { exact: true }).waitFor();
    assert.equal(await log.getByText('Stopped', { exact: true }).count(), 2, 'both interrupted replies show as stopped');
    assert.equal(await log.getByText('Session A question', { exact: true }).count(), 1);

    // B finishes its second answer.
    await open(page, /Session B question/);
    await answered(page, 'B keeps going');

    // Reload: sessions, titles, transcripts and plans are all back.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await sessionItem(page, /Session A question/).waitFor();
    await sessionItem(page, /Session B question/).waitFor();
    await open(page, /Session B question/);
    await answered(page, 'B keeps going');
    assert.equal(await conversation(page).getByRole('region', { name: 'Execution plan' }).count(), 2);
    await open(page, /Session A question/);
    await conversation(page).getByText(`${LONG} A will be deleted`, { exact: true }).waitFor();
    assert.equal(await conversation(page).getByText('Stopped', { exact: true }).count(), 2);
    await saveScreenshot(page, 'after-reload');

    const violations = await scanAccessibility(page);
    assert.equal(violations.length, 0, formatViolations(violations));
    assert.equal(formatProblems(session), '', 'page errors or dialogs');
  });
});
