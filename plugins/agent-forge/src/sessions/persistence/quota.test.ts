/*
 * A full browser storage, for real: jsdom's localStorage enforces a quota of
 * 5,000,000 UTF-16 code units (keys and values), throwing the browser's
 * QuotaExceededError (Chromium's is 5,242,880; the e2e test runs the same
 * scenario there). The coordinator writes through the real
 * LocalStorageSessionRepository.
 */
import type { AgentMessage, ChatMessage } from '../model';
import { LocalStorageSessionRepository } from './LocalStorageSessionRepository';
import type { StorageNotice } from './notices';
import { PersistenceCoordinator, type Persistable } from './PersistenceCoordinator';
import { encodeRecord, type PersistedSession } from './records';
import { decodeRecord } from './repair';

const NAMESPACE = 'user:default/jane';
const PREFIX = 'agent-forge:user%3Adefault%2Fjane:session:';

/** Markdown-ish text of `length` characters: paragraphs of words. */
function prose(length: number, seed = 'lorem'): string {
  const paragraph = `${seed} ipsum dolor sit amet, consectetur adipiscing elit. `.repeat(9).trim();
  return `${paragraph}\n\n`.repeat(Math.ceil(length / (paragraph.length + 2))).slice(0, length);
}

class Chat implements Persistable {
  messages: ChatMessage[] = [];

  constructor(readonly id: string) {}

  ask(text: string): this {
    this.messages = [...this.messages, { id: `${this.id}-${this.messages.length}`, role: 'user', text, createdAt: this.messages.length }];
    return this;
  }

  answer(text: string, status: AgentMessage['status'] = 'complete'): this {
    const id = `${this.id}-${this.messages.length}`;
    this.messages = [...this.messages, { id, role: 'agent', text, status, createdAt: this.messages.length }];
    return this;
  }

  /** The latest reply's text now (a stream grew, or a retry is shorter). */
  rewriteLatest(text: string): void {
    const last = this.messages[this.messages.length - 1];
    this.messages = [...this.messages.slice(0, -1), { ...last, text }];
  }

  toRecord(): PersistedSession {
    return { id: this.id, title: `Chat ${this.id}`, customTitle: false, createdAt: 0, updatedAt: 0, status: 'idle', messages: this.messages };
  }
}

/** The session as stored now. */
function stored(id: string): PersistedSession | undefined {
  const raw = window.localStorage.getItem(PREFIX + id);
  if (raw === null) return undefined;
  const decoded = decodeRecord(raw, { id });
  if (!decoded.ok) throw new Error(`${id}: ${decoded.reason}`);
  return decoded.session;
}

function setup() {
  const repository = LocalStorageSessionRepository.create({ namespace: NAMESPACE });
  const notices: StorageNotice[] = [];
  const coordinator = new PersistenceCoordinator<Chat>(repository, { onNotice: notice => notices.push(notice) });
  /** Writes `chat` now and waits for any search for what fits. */
  const write = async (chat: Chat) => {
    coordinator.changed(chat, 'now');
    await coordinator.settled();
  };
  return { repository, coordinator, notices, write };
}

/** Five older chats of six messages each, stored: about 1,500,000 characters. */
async function fiveOlderChats(write: (chat: Chat) => Promise<void>): Promise<Chat[]> {
  const chats = ['one', 'two', 'three', 'four', 'five'].map(id => {
    const chat = new Chat(id);
    for (let i = 0; i < 3; i++) chat.ask(`Question ${i} in ${id}`).answer(prose(80_000, id));
    return chat;
  });
  for (const chat of chats) await write(chat);
  return chats;
}

function sessionWrites(spy: jest.SpyInstance, id: string): number {
  return spy.mock.calls.filter(([key]) => key === PREFIX + id).length;
}

describe('a full browser storage', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => {
    jest.restoreAllMocks();
    window.localStorage.clear();
  });

  it('stores a 5 MB reply cut to what fits, after its question, and never touches the five older chats', async () => {
    const { write, notices, repository } = setup();
    const older = await fiveOlderChats(write);
    const reply = prose(5_000_000, 'answer');
    const big = new Chat('big').ask('Send me a big answer').answer(reply);
    const inMemory = big.messages;

    await write(big);

    for (const chat of older) expect(stored(chat.id)).toEqual(chat.toRecord());
    const kept = stored('big')!;
    const [question, cut] = kept.messages;
    expect(question).toEqual(big.messages[0]);
    expect(cut).toMatchObject({ id: 'big-1', role: 'agent', status: 'complete' });
    expect(cut.truncatedForStorage).toEqual({ savedChars: cut.text.length, totalChars: reply.length });
    expect(reply.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeGreaterThan(2_500_000);
    // Cut at a paragraph end, not mid-word.
    expect(cut.text.endsWith('elit.')).toBe(true);
    expect(kept.pruned).toBeUndefined();
    // The page still shows all of it; the user is told, naming the chat.
    expect(big.messages).toBe(inMemory);
    expect(notices).toEqual([{ kind: 'trimmed', sessionId: 'big', title: 'Chat big' }]);
    // A reload reads all six chats.
    const { sessions, problems } = await repository.load();
    expect(problems).toEqual([]);
    expect(sessions.map(s => s.id).sort()).toEqual(['big', 'five', 'four', 'one', 'three', 'two']);
    // Room is left for the other chats to go on.
    const more = older[0].ask('And one more question?').answer(prose(50_000));
    await write(more);
    expect(stored('one')).toEqual(more.toRecord());
    expect(notices).toHaveLength(1);
  });

  it("drops the chat's own oldest messages first, keeping the latest reply whole when it fits", async () => {
    const { write, notices } = setup();
    const older = await fiveOlderChats(write);
    const long = new Chat('long');
    for (let i = 0; i < 20; i++) long.ask(`Question ${i}`).answer(prose(200_000, `reply${i}`));

    await write(long);

    for (const chat of older) expect(stored(chat.id)).toEqual(chat.toRecord());
    const kept = stored('long')!;
    expect(kept.pruned).toBe(true);
    expect(kept.messages.length).toBeGreaterThan(2);
    expect(kept.messages.length).toBeLessThan(long.messages.length);
    // A suffix of the transcript, whole: nothing cut.
    expect(kept.messages).toEqual(long.messages.slice(-kept.messages.length));
    expect(notices).toEqual([{ kind: 'trimmed', sessionId: 'long', title: 'Chat long' }]);
  });

  it('searches once, then writes a growing reply once per write, cut to the length that fitted', async () => {
    const { write, notices } = setup();
    await fiveOlderChats(write);
    const streaming = new Chat('live').ask('Stream a lot').answer(prose(4_000_000), 'streaming');
    const setItem = jest.spyOn(Storage.prototype, 'setItem');

    await write(streaming);
    const search = sessionWrites(setItem, 'live');
    const first = stored('live')!.messages[1];

    // A binary search, not a walk: a handful of probes for 4 MB.
    expect(search).toBeLessThanOrEqual(12);
    setItem.mockClear();
    for (let second = 1; second <= 10; second++) {
      streaming.rewriteLatest(prose(4_000_000 + second * 50_000));
      await write(streaming);
    }

    expect(sessionWrites(setItem, 'live')).toBe(10);
    const last = stored('live')!.messages[1];
    expect(last.truncatedForStorage).toEqual({ savedChars: last.text.length, totalChars: 4_500_000 });
    expect(last.text.length).toBe(first.text.length);
    expect(notices).toHaveLength(1);
  });

  it('stores the record whole again once it fits again, in one write', async () => {
    const { write } = setup();
    await fiveOlderChats(write);
    const chat = new Chat('retry').ask('Go').answer(prose(4_000_000), 'failed');
    await write(chat);
    expect(stored('retry')!.messages[1].truncatedForStorage).toBeDefined();
    const setItem = jest.spyOn(Storage.prototype, 'setItem');

    chat.rewriteLatest('A short answer this time.');
    await write(chat);

    expect(sessionWrites(setItem, 'retry')).toBe(1);
    expect(stored('retry')).toEqual(chat.toRecord());
  });

  it('gives a cut record more room once another chat is deleted', async () => {
    const { write, coordinator, repository } = setup();
    await fiveOlderChats(write);
    const chat = new Chat('big').ask('Go').answer(prose(4_000_000));
    await write(chat);
    const before = stored('big')!.messages[1].text.length;

    for (const id of ['one', 'two', 'three']) {
      await repository.remove(id);
      coordinator.forget(id);
    }
    await write(chat);

    expect(stored('big')).toEqual(chat.toRecord());
    expect(before).toBeLessThan(4_000_000);
  });

  it('says once that a chat could not be saved when nothing of it fits, and touches nothing else', async () => {
    const { write, notices } = setup();
    const older = await fiveOlderChats(write);
    const used = Object.entries(window.localStorage).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    // Another app on the origin fills all but 50 characters.
    window.localStorage.setItem('another-app', 'x'.repeat(5_000_000 - used - 'another-app'.length - 50));
    const chat = new Chat('late').ask('Hello?');

    await write(chat);
    await write(chat.answer('Hi!'));

    expect(stored('late')).toBeUndefined();
    for (const other of older) expect(stored(other.id)).toEqual(other.toRecord());
    expect(notices).toEqual([{ kind: 'save-failed', sessionId: 'late', title: 'Chat late' }]);
  });

  it('stores what fits of a reply made of characters JSON escapes, cut between characters', async () => {
    const { write } = setup();
    // Quotes, backslashes, line breaks and emoji (surrogate pairs): each takes more than one encoded unit.
    const reply = '"\\\n😀 '.repeat(1_100_000);
    const chat = new Chat('escaped').ask('Quote me').answer(reply);

    await write(chat);

    const cut = stored('escaped')!.messages[1];
    expect(reply.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeGreaterThan(1_000_000);
    expect(encodeRecord(stored('escaped')!).length).toBeLessThan(5_000_000);
    // No lone half of a surrogate pair at the end.
    expect(/[\uD800-\uDBFF]$/.test(cut.text)).toBe(false);
  });
});
