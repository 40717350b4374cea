/*
 * HTTP/1.1 connection starvation, in Chromium (the dev server and the agent
 * speak HTTP/1.1: at most six connections per host). Eight sessions stream
 * slow replies at once. The page streams four of them and shows the others
 * as queued, so two connections stay free: Stop on a streaming session
 * reaches the agent as tasks/cancel at once (seen on the agent: the task is
 * canceled), and the page's other requests to that origin go through.
 * Without the cap, six streams hold every connection and the cancel waits
 * behind the queued streams for as long as a reply lasts.
 *
 * The agent is started here (a fresh one, closed at the end, which cancels
 * whatever still runs), and the shared app is pointed at it for this browser
 * context only.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoAgent, type DemoAgent } from '@internal/demo-agent';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems } from './support/browser';
import { conversation, open, send, sessionItem, sidebar } from './support/chat';
import { saveScreenshot } from './support/screenshots';
import { useE2E } from './support/suite';

const e2e = useE2E();

/** A reply of about a minute: far longer than "promptly". */
const SLOW = '/chunks 600 /delay 100';
const SESSIONS = 8;
/** What "promptly" means here; without the cap it takes a reply's length (a minute). */
const PROMPTLY_MS = 10_000;

let agent: DemoAgent;

before(async () => {
  agent = await startDemoAgent({ port: 0 });
});

after(async () => {
  await agent?.close();
});

/** The agent's own view of a task (JSON-RPC GetTask, A2A 1.0). */
async function taskState(taskId: string): Promise<string> {
  const response = await fetch(`${agent.url}/a2a/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: taskId } }),
  });
  const body = (await response.json()) as { result?: { status?: { state?: string } } };
  return body.result?.status?.state ?? 'unknown';
}

/** Resolves once the agent reports `state` for the task; rejects after `withinMs`. */
async function agentReports(taskId: string, state: string, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await taskState(taskId)) === state) return Date.now() - started;
    if (Date.now() - started > withinMs) {
      throw new Error(`the agent did not report ${state} for task ${taskId} within ${withinMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** The taskId the page stored for the session whose first message is `text`. */
async function storedTaskId(page: Page, text: string): Promise<string> {
  const handle = await page.waitForFunction(prompt => {
    for (let i = 0; i < localStorage.length; i++) {
      const value = localStorage.getItem(localStorage.key(i)!) ?? '';
      if (!value.includes(prompt)) continue;
      const match = /"taskId":"([^"]+)"/.exec(value);
      if (match) return match[1];
    }
    return undefined;
  }, text);
  return (await handle.jsonValue()) as string;
}

/** A request of the page to the agent's origin, or 'starved' when it did not complete in time. */
function pageRequest(page: Page, url: string): Promise<string | number> {
  return page.evaluate(
    ([target, ms]) =>
      Promise.race([
        fetch(target, { cache: 'no-store' }).then(response => response.status),
        new Promise<string>(resolve => setTimeout(() => resolve('starved'), ms)),
      ]),
    [url, PROMPTLY_MS] as const,
  );
}

test('eight slow replies: four stream, four wait; Stop reaches the agent at once and the page is not starved', async t => {
  await e2e.withSession(t, async session => {
    const { page } = session;
    await overrideAppConfig(session.context, { agentForge: { baseUrl: agent.url } });
    await page.goto('/agent-forge');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

    const prompts = Array.from({ length: SESSIONS }, (_, i) => `${SLOW} slow reply number ${i + 1}`);
    for (const prompt of prompts) {
      await page.getByRole('button', { name: 'New chat' }).click();
      await send(page, prompt);
      await sessionItem(page, prompt).waitFor();
    }
    // Four rows queued; the reply in view (the last one sent) says why.
    await sidebar(page).getByRole('listitem').filter({ hasText: 'Queued' }).nth(SESSIONS - 5).waitFor();
    assert.equal(await sidebar(page).getByRole('listitem').filter({ hasText: 'Queued' }).count(), SESSIONS - 4);
    await conversation(page).getByText('Queued: waiting for another reply to finish').waitFor();
    await saveScreenshot(page, 'stream-cap-queued');

    // The page's other requests to the agent's origin still have a connection.
    assert.equal(await pageRequest(page, `${agent.url}/`), 200, 'a request of the page was starved by the streams');

    // Stop on a streaming one: the cancel is not stuck behind the streams.
    const stopped = prompts[0];
    const taskId = await storedTaskId(page, stopped);
    await open(page, stopped);
    await conversation(page).getByRole('heading', { name: /Demo answer/ }).waitFor();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await conversation(page).getByText('Stopped', { exact: true }).waitFor();
    const tookMs = await agentReports(taskId, 'TASK_STATE_CANCELED', PROMPTLY_MS);
    t.diagnostic(`tasks/cancel reached the agent ${tookMs} ms after Stop`);

    // Its slot went to the next queued reply: three left waiting.
    const queuedRows = sidebar(page).getByRole('listitem').filter({ hasText: 'Queued' });
    await queuedRows.nth(SESSIONS - 6).waitFor();
    await queuedRows.nth(SESSIONS - 5).waitFor({ state: 'detached' });
    assert.equal(formatProblems(session), '');
  });
});
