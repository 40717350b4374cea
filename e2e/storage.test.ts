/*
 * Storage, in Chromium, where its limits are real:
 *
 * - a full localStorage (Chromium's quota: 5,242,880 UTF-16 code units per
 *   origin): five older chats and a reply of 950,000 characters. The older chats keep every
 *   message, the reply is stored cut (its beginning), the user is told, and
 *   a reload shows it;
 * - stored records with unreadable parts render, with notes.
 *
 * Two tabs sharing storage are in tabsStorage.test.ts.
 *
 * The long reply comes from a demo agent started here with the `scripted`
 * option, the shared app pointed at it
 * for that browser context only (support/appConfig.ts).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoAgent, type DemoAgent, type ScriptedRequest, type ScriptedReply } from '@internal/demo-agent';
import { overrideAppConfig } from './support/appConfig';
import { formatProblems, type PageSession } from './support/browser';
import { conversation, open, openAgentForge, send, sessionItem, settledWith, sidebar } from './support/chat';
import { useE2E } from './support/suite';

const e2e = useE2E();

const QUICK = '/chunks 3 /delay 0';
const BIG_QUESTION = 'Send me the long answer';
const BIG_END = 'End of the long answer.';
/**
 * A reply of 950,000 characters, paragraphs of words as an agent writes them:
 * just under the page's limit for one reply's text (1,000,000 characters,
 * sessions/limits.ts), so the page shows it whole and only storage cuts it.
 */
const BIG_REPLY = (() => {
  const paragraph = 'Storage quota paragraph with ordinary words, numbers 0123456789 and punctuation, repeated. '.repeat(6).trim();
  const paragraphs: string[] = ['## The long answer'];
  for (let i = 0, length = 0; length < 950_000; i++) {
    paragraphs.push(`${i}. ${paragraph}`);
    length += paragraph.length + 8;
  }
  paragraphs.push(BIG_END);
  return paragraphs.join('\n\n');
})();

let agent: DemoAgent;

before(async () => {
  agent = await startDemoAgent({ port: 0, defaults: { delayMs: 0 }, scripted });
});

after(async () => {
  await agent?.close();
});

function scripted(request: ScriptedRequest): ScriptedReply | undefined {
  if (request.prompt.includes(BIG_QUESTION)) return { text: BIG_REPLY, chunks: 50 };
  return undefined;
}

// ---- helpers -----------------------------------------------------------------

interface StoredMessage {
  id: string;
  role: string;
  text: string;
  status?: string;
  truncatedForStorage?: { savedChars: number; totalChars: number };
}

/** Every stored session, by title, with its messages. */
function stored(page: Page): Promise<Record<string, { pruned?: boolean; messages: StoredMessage[] }>> {
  return page.evaluate(() => {
    const out: Record<string, { pruned?: boolean; messages: StoredMessage[] }> = {};
    for (const key of Object.keys(localStorage).filter(k => /^agent-forge:.*:session:/.test(k))) {
      const { session } = JSON.parse(localStorage.getItem(key) ?? '{}');
      out[session.title] = { pruned: session.pruned, messages: session.messages };
    }
    return out;
  });
}

/** The prefix of this user's session keys, learnt from a key the app wrote. */
function sessionKeyPrefix(page: Page): Promise<string> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find(k => /^agent-forge:.*:session:/.test(k));
    if (!key) throw new Error('no session stored yet');
    return key.slice(0, key.indexOf(':session:') + ':session:'.length);
  });
}

function assertClean(session: PageSession) {
  assert.equal(formatProblems(session), '', 'page errors or dialogs');
}

// ---- quota -------------------------------------------------------------------

test('a long reply with five older chats stored: the older chats keep every message, the reply is kept (cut) and shows after a reload', async t => {
  await e2e.withSession(t, async session => {
    const { page, context } = session;
    await overrideAppConfig(context, { agentForge: { baseUrl: agent.url } });
    await openAgentForge(page);

    // Five older chats: one a real exchange with the agent, four made long
    // by earlier history (as months of use would), 1,100,000 characters each.
    // With them the long reply cannot fit in the 5,242,880 of the quota.
    await send(page, `${QUICK} Older chat 1`);
    await settledWith(page, 'Demo answer');
    const prefix = await sessionKeyPrefix(page);
    await page.evaluate(
      ({ prefix: keyPrefix }) => {
        const filler = 'Earlier history of this chat. '.repeat(4_600);
        for (let c = 2; c <= 5; c++) {
          const id = `older-${c}`;
          const messages = Array.from({ length: 8 }, (_, m) => ({
            id: `${id}-${m}`,
            role: m % 2 ? 'agent' : 'user',
            ...(m % 2 ? { status: 'complete' } : {}),
            text: `Message ${m + 1} of older chat ${c}. ${filler}`,
            createdAt: Date.now() - 3_600_000 + m,
          }));
          const session = { id, title: `Older chat ${c}`, customTitle: true, createdAt: Date.now() - 3_600_000, updatedAt: Date.now() - 3_600_000 + c, status: 'idle', messages };
          localStorage.setItem(keyPrefix + id, JSON.stringify({ v: 1, session }));
        }
      },
      { prefix },
    );
    await openAgentForge(page);
    await sessionItem(page, 'Older chat 5').waitFor();
    const before = await stored(page);
    assert.equal(Object.keys(before).length, 5);

    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    await send(page, BIG_QUESTION);
    await settledWith(page, BIG_END, 110_000);

    // Told, naming the chat.
    await page.getByText(`Browser storage is full, so “${BIG_QUESTION}” was saved without its oldest messages`, { exact: false }).waitFor();
    const after = await stored(page);
    for (const [title, chat] of Object.entries(before)) {
      assert.deepEqual(after[title]?.messages, chat.messages, `${title} kept every message`);
    }
    const big = after[BIG_QUESTION];
    assert.ok(big, 'the big chat is stored');
    const reply = big.messages[big.messages.length - 1];
    assert.equal(big.messages[0].text, BIG_QUESTION, 'the question is kept');
    assert.equal(reply.role, 'agent');
    assert.equal(reply.status, 'complete', JSON.stringify({ ...reply, text: reply.text.slice(0, 100) }));
    assert.deepEqual(reply.truncatedForStorage, { savedChars: reply.text.length, totalChars: BIG_REPLY.length });
    assert.ok(BIG_REPLY.startsWith(reply.text), 'the stored text is the beginning of the reply');
    assert.ok(reply.text.length > 500_000, `the stored reply is as long as what fits (${reply.text.length})`);

    // A reload shows the reply as stored, saying what is missing; the older chats are all there.
    await openAgentForge(page);
    await open(page, BIG_QUESTION);
    await conversation(page).getByRole('heading', { name: 'The long answer' }).waitFor({ timeout: 60_000 });
    await conversation(page)
      .getByText(`only its first ${reply.text.length.toLocaleString('en-US')} of ${BIG_REPLY.length.toLocaleString('en-US')} characters were saved`, { exact: false })
      .waitFor();
    await open(page, 'Older chat 3');
    await conversation(page).getByText(/^Message 8 of older chat 3\./).waitFor();
    assert.equal(await sidebar(page).getByRole('listitem').count(), 6);
    assertClean(session);
  });
});

// ---- unreadable records ------------------------------------------------------

test('stored chats with unreadable parts open, with notes, and the page keeps working', async t => {
  await e2e.withSession(t, async session => {
    const page = await openAgentForge(session.page);
    await send(page, `${QUICK} A chat of my own`);
    await settledWith(page, 'Demo answer');
    const prefix = await sessionKeyPrefix(page);
    await page.evaluate(keyPrefix => {
      const reply = { role: 'agent', createdAt: Date.now(), taskId: 'task-x' };
      const messages = [
        { id: 'q', role: 'user', text: 'Question kept', createdAt: Date.now() - 10 },
        { ...reply, id: 'r1', status: 'complete', text: 'Reply kept, parts lost', plan: { steps: 'one, two' }, tools: 'search', form: { title: 'F', fields: 'env' }, artifacts: { name: 'x' }, error: { kind: 'http', message: { text: 'x' } }, notice: { text: 'x' } },
        { ...reply, id: 'r2', status: 'pondering', text: 'Reply with a status nobody knows' },
        { role: 'system', text: 'not a message' },
      ];
      const text = JSON.stringify({ v: 1, session: { id: 'junk', title: 'Junk chat', createdAt: Date.now(), updatedAt: Date.now() + 1, status: 'idle', messages } }).replace(
        '"createdAt":',
        '"__proto__":{"polluted":true},"createdAt":',
      );
      localStorage.setItem(`${keyPrefix}junk`, text);
    }, prefix);

    await openAgentForge(page);
    await open(page, 'Junk chat');
    const log = conversation(page);
    await log.getByText('Reply kept, parts lost').waitFor();
    await log.getByText('Part of this message could not be restored: notice, error, plan, tools, form, artifacts.').waitFor();
    await log.getByText('Part of this message could not be restored: status.').waitFor();
    await log.getByText('1 message of this chat could not be restored.').waitFor();
    await log.getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal(await page.evaluate(() => ({} as Record<string, unknown>).polluted), undefined);
    await open(page, /A chat of my own/);
    await settledWith(page, 'Demo answer');
    assertClean(session);
  });
});
