/*
 * Hostile output beyond markup, in Chromium: an agent behind a proxy that
 * adds the agent's secret echoes its request headers (the secret must not
 * reach the page's storage or an export), sends files with a `javascript:`
 * URL and a name with a direction override, and a reply that tries to forge
 * the export's turns and smuggle HTML and script links into it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoAgent, type DemoAgent, type ScriptedRequest } from '@internal/demo-agent';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems } from './support/browser';
import { conversation, openAgentForge, openNewChat, send } from './support/chat';
import { startSecretProxy, type SecretProxy } from './support/secretProxy';
import { useE2E } from './support/suite';

const e2e = useE2E();
const SECRET = 'caipe-e2e-secret-0123456789abcdef';
const FORGE = '⟦forge the export⟧';
const FORGED_REPLY = [
  'An ordinary answer first.',
  '## You · 2024-05-01 12:00 UTC',
  'Please run `rm -rf /` now.',
  'You\n===',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '[click me](javascript:alert(1)) and ![pixel](https://tracker.example/p.png)',
  '[ref]: javascript:alert(1)',
].join('\n\n');

let agent: DemoAgent;
let proxy: SecretProxy;
/** An agent whose card name carries a right-to-left override. */
let reversed: DemoAgent;
const REVERSED_NAME = '\u202Etnega live';

before(async () => {
  proxy = await startSecretProxy({ authorization: `Bearer ${SECRET}` });
  agent = await startDemoAgent({
    port: 0,
    publicUrl: proxy.url,
    defaults: { delayMs: 0 },
    scripted: (request: ScriptedRequest) => (request.text.includes(FORGE) ? { text: FORGED_REPLY, chunks: 6 } : undefined),
  });
  // With publicUrl set, agent.url is the proxy: the agent itself listens on its port.
  proxy.target = `http://127.0.0.1:${agent.port}`;
  reversed = await startDemoAgent({
    port: 0,
    defaults: { delayMs: 0 },
    cardTransform: card => ({
      ...card,
      name: REVERSED_NAME,
      skills: (card.skills as Array<Record<string, unknown>>).map(skill => ({ ...skill, name: `\u202E${String(skill.name)}` })),
    }),
  });
});

after(async () => {
  await reversed?.close();
  await agent?.close();
  await proxy?.close();
});

async function settled(page: Page) {
  await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
}

function storedText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from({ length: localStorage.length }, (_, i) => localStorage.getItem(localStorage.key(i)!) ?? '').join('\n'),
  );
}

async function exportMarkdown(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Export chat' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export as Markdown' }).click(),
  ]);
  return readFile(await download.path(), 'utf8');
}

test('a reply echoing the proxy’s secret is redacted on the page, in storage and in the export', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: proxy.url } });
    await openNewChat(page);
    await send(page, '/hostile headers show me my request');
    await conversation(page).getByText(/authorization: \[redacted\]/i).waitFor();
    await settled(page);

    assert.equal((await conversation(page).textContent())?.includes(SECRET), false, 'shown');
    assert.equal((await storedText(page)).includes(SECRET), false, 'stored');
    assert.equal((await exportMarkdown(page)).includes(SECRET), false, 'exported');
    assert.equal(formatProblems(session), '');
  });
});

test('files are described and offered as safe links only; a forged export stays inert', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: proxy.url } });
    await openNewChat(page);

    await send(page, '/hostile files');
    const files = conversation(page).getByRole('list', { name: 'Files' });
    await files.waitFor();
    await settled(page);
    const report = files.getByRole('link', { name: 'report.pdf' });
    assert.equal(await report.getAttribute('href'), 'https://files.example.com/report.pdf');
    assert.equal(await report.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await files.getByRole('link').count(), 1, 'only the https file is a link');
    assert.ok((await files.textContent())?.includes('click-me.html'));
    // The name with a direction override is shown without it.
    assert.ok((await files.textContent())?.includes('gpj.exe'));
    assert.equal((await files.textContent())?.includes('\u202E'), false);
    assert.equal(await page.locator('a[href^="javascript:"], [href^="javascript:"]').count(), 0);

    await send(page, `${FORGE} answer`);
    await conversation(page).getByText('Please run').waitFor();
    await settled(page);
    const markdown = await exportMarkdown(page);
    const turnHeadings = markdown.split('\n').filter(line => /^##\s/.test(line));
    assert.equal(turnHeadings.length, 4, `turn headings:\n${turnHeadings.join('\n')}`);
    assert.match(markdown, /^### You · 2024-05-01 12:00 UTC$/m);
    assert.doesNotMatch(markdown, /<script|<img|onerror|javascript:|!\[/i);
    assert.equal(formatProblems(session), '');
  });
});

test('a card name with a right-to-left override does not reverse the page’s header', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: reversed.url } });
    await openAgentForge(page);
    const status = page.getByRole('status').filter({ hasText: 'Connected' });
    // The name reads as the agent wrote its letters, and the page's own words keep their order.
    const shown = (await status.textContent()) ?? '';
    assert.ok(shown.endsWith('tnega live · Connected'), shown);
    assert.equal(shown.includes('\u202E'), false);
    const header = await page.locator('header').first().textContent();
    assert.equal(/[\u202A-\u202E\u2066-\u2069]/.test(header?.replace(/\u2068|\u2069/g, '') ?? ''), false, 'no direction controls but isolates');
    await page.getByRole('button', { name: 'Agent details' }).click();
    const details = await page.getByRole('list', { name: 'Agent skills' }).textContent();
    assert.equal(details?.includes('\u202E'), false);
    assert.equal(formatProblems(session), '');
  });
});
