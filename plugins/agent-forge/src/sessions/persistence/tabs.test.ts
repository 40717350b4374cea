/*
 * Two tabs of one user, each with its own SessionManager and
 * LocalStorageSessionRepository, talking to the real demo agent.
 *
 * jsdom has one window, so the two tabs' shared localStorage is played by
 * window.localStorage (tab one) and window.sessionStorage (tab two): every
 * write to one is copied to the other and announced there with a `storage`
 * event, queued as a task, as a browser does between tabs. Web Locks, which
 * jsdom lacks, come from __testUtils__/webLocks.ts, one client per tab; a
 * crashed client releases its locks as a browser does for a dead tab. The
 * same scenarios run in Chromium in e2e/tabs.test.ts.
 */
import { waitFor } from '@testing-library/react';
import type { AgentMessage, ChatMessage } from '../model';
import type { SessionManager } from '../SessionManager';
import { startHarness, type Harness } from '../../__testUtils__/demoAgentHarness';
import { LockBroker, type LockClient } from '../../__testUtils__/webLocks';
import { LocalStorageSessionRepository } from './LocalStorageSessionRepository';
import { decodeRecord } from './repair';

jest.setTimeout(30_000);

const NAMESPACE = 'user:default/jane';
const PREFIX = 'agent-forge:user%3Adefault%2Fjane:';

interface Tab {
  manager: SessionManager;
  storage: Storage;
  locks: LockClient;
}

/**
 * Storage events between the tabs; `hold()` keeps them back (a browser
 * gives no order between a storage event and a lock being released).
 */
class StorageEvents {
  private held?: Array<() => void>;

  announce(storageArea: Storage, key: string, oldValue: string | null, newValue: string | null): void {
    const deliver = () => window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue, storageArea }));
    if (this.held) this.held.push(deliver);
    else setTimeout(deliver, 0);
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const deliver of held) setTimeout(deliver, 0);
  }
}

/** The two storages stand for one, shared by the tabs; a dead tab's writes go nowhere. */
function shareStorageBetweenTabs(dead: Set<Storage>, events: StorageEvents) {
  const setItem = Storage.prototype.setItem;
  const removeItem = Storage.prototype.removeItem;
  const otherOf = (storage: Storage) => (storage === window.localStorage ? window.sessionStorage : window.localStorage);
  const announce = events.announce.bind(events);
  jest.spyOn(Storage.prototype, 'setItem').mockImplementation(function write(this: Storage, key: string, value: string) {
    if (dead.has(this)) return;
    const old = this.getItem(key);
    setItem.call(this, key, value); // throws when full, as the browser does
    const other = otherOf(this);
    setItem.call(other, key, value);
    announce(other, key, old, value);
  });
  jest.spyOn(Storage.prototype, 'removeItem').mockImplementation(function remove(this: Storage, key: string) {
    if (dead.has(this)) return;
    const old = this.getItem(key);
    removeItem.call(this, key);
    const other = otherOf(this);
    removeItem.call(other, key);
    announce(other, key, old, null);
  });
}

function storedMessages(id: string): readonly ChatMessage[] {
  const decoded = decodeRecord(window.localStorage.getItem(`${PREFIX}session:${id}`) ?? '', { id });
  return decoded.ok ? decoded.session.messages : [];
}

const describeMessages = (messages: readonly ChatMessage[]) =>
  messages.map(m => (m.role === 'user' ? `user: ${m.text}` : `agent: ${m.status}`));

describe('two tabs of one user', () => {
  let harness: Harness;
  let broker: LockBroker;
  let dead: Set<Storage>;
  let events: StorageEvents;
  const tabs: Tab[] = [];

  beforeAll(async () => {
    harness = await startHarness('auto');
  });
  afterAll(() => harness.close());

  beforeEach(() => {
    window.localStorage.clear();
    window.sessionStorage.clear();
    broker = new LockBroker();
    dead = new Set();
    events = new StorageEvents();
    shareStorageBetweenTabs(dead, events);
  });

  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.manager.dispose();
    jest.restoreAllMocks();
    window.localStorage.clear();
    window.sessionStorage.clear();
  });

  async function openTab(storage: Storage): Promise<Tab> {
    const locks = broker.client();
    const repository = LocalStorageSessionRepository.create({ namespace: NAMESPACE, storage, locks });
    const manager = harness.createManager({ repository, streamWriteIntervalMs: 100 });
    await manager.load();
    const tab = { manager, storage, locks };
    tabs.push(tab);
    return tab;
  }

  /** Kills a tab without letting any of its code run: no unload, no last write; the browser frees its locks. */
  function crash(tab: Tab): void {
    dead.add(tab.storage);
    tab.locks.crash();
    // Its HTTP stream goes with it (the agent's task runs on); what it writes now goes nowhere.
    tab.manager.suspendAll();
  }

  /** Tab one starts a chat with one settled turn; tab two has it too. Returns its id. */
  async function sharedChat(one: Tab, two: Tab): Promise<string> {
    const session = one.manager.createSession();
    await session.send('/chunks 2 /delay 0 Hello from tab one');
    await waitFor(() => expect(two.manager.getSession(session.id)?.getSnapshot().messageCount).toBe(2));
    return session.id;
  }

  it('both tabs send in one chat at the same instant: both messages and both replies stay, in both tabs and in storage', async () => {
    const one = await openTab(window.localStorage);
    const two = await openTab(window.sessionStorage);
    const id = await sharedChat(one, two);

    await Promise.all([
      one.manager.getSession(id)!.send('/chunks 30 /delay 10 Alpha from tab one'),
      two.manager.getSession(id)!.send('/chunks 30 /delay 10 Bravo from tab two'),
    ]);

    await waitFor(() => {
      const inOne = one.manager.getSession(id)!.getSnapshot().messages;
      const inTwo = two.manager.getSession(id)!.getSnapshot().messages;
      expect(describeMessages(inOne)).toEqual(describeMessages(inTwo));
      expect(describeMessages(storedMessages(id))).toEqual(describeMessages(inOne));
      expect(inOne).toHaveLength(6);
      expect(inOne.filter(m => m.role === 'agent').every(m => (m as AgentMessage).status === 'complete')).toBe(true);
    });
    const messages = one.manager.getSession(id)!.getSnapshot().messages;
    const asked = messages.filter(m => m.role === 'user').map(m => m.text);
    expect(asked).toEqual(expect.arrayContaining(['/chunks 30 /delay 10 Alpha from tab one', '/chunks 30 /delay 10 Bravo from tab two']));
    // Each question is followed by its own reply, the turns in createdAt order.
    expect(messages.map(m => m.role)).toEqual(['user', 'agent', 'user', 'agent', 'user', 'agent']);
    expect(messages[2].createdAt).toBeLessThanOrEqual(messages[4].createdAt);
    for (const index of [3, 5]) {
      const answered = messages[index].text.split('Earlier in this conversation')[0];
      expect(answered).toContain(messages[index - 1].text.replace('/chunks 30 /delay 10 ', ''));
    }
  });

  it('two tabs ending their replies at once, each before hearing of the other, leave both replies ended in storage', async () => {
    const one = await openTab(window.localStorage);
    const two = await openTab(window.sessionStorage);
    const id = await sharedChat(one, two);
    const alpha = one.manager.getSession(id)!.send('/chunks 40 /delay 10 Alpha from tab one');
    const bravo = two.manager.getSession(id)!.send('/chunks 40 /delay 10 Bravo from tab two');
    // Each tab shows both replies streaming (it merged the other's writes).
    for (const tab of [one, two]) {
      await waitFor(() => {
        const replies = tab.manager.getSession(id)!.getSnapshot().messages.filter(m => m.role === 'agent');
        expect(replies.map(m => (m as AgentMessage).status)).toEqual(['complete', 'streaming', 'streaming']);
      });
    }

    // Both final writes are made before either tab hears of the other's.
    events.hold();
    await Promise.all([alpha, bravo]);
    events.release();

    await waitFor(() => {
      const stored = storedMessages(id).filter(m => m.role === 'agent');
      expect(stored.map(m => (m as AgentMessage).status)).toEqual(['complete', 'complete', 'complete']);
    });
    for (const tab of [one, two]) {
      const replies = tab.manager.getSession(id)!.getSnapshot().messages.filter(m => m.role === 'agent');
      expect(replies.map(m => (m as AgentMessage).status)).toEqual(['complete', 'complete', 'complete']);
    }
  });

  it('a tab that dies mid-stream: the other tab turns that reply Interrupted, with Resume, and Resume finishes it', async () => {
    const one = await openTab(window.localStorage);
    const two = await openTab(window.sessionStorage);
    const id = await sharedChat(one, two);
    void one.manager.getSession(id)!.send('/chunks 100 /delay 10 A long answer');
    // Tab two shows the reply live in tab one.
    await waitFor(() => {
      const snapshot = two.manager.getSession(id)!.getSnapshot();
      expect(snapshot.status).toBe('streaming');
      expect((snapshot.messages[3] as AgentMessage | undefined)?.taskId).toBeDefined();
    });

    crash(one);

    await waitFor(() => {
      const snapshot = two.manager.getSession(id)!.getSnapshot();
      expect(snapshot.status).toBe('interrupted');
      expect(snapshot.messages[3]).toMatchObject({ role: 'agent', status: 'interrupted' });
    });
    // Stored so, for every other tab and the next load.
    expect(storedMessages(id)[3]).toMatchObject({ status: 'interrupted' });
    const session = two.manager.getSession(id)!;
    await session.resume();
    expect(session.getSnapshot().messages[3]).toMatchObject({ status: 'complete' });
  });

  it('a tab opened while another streams a chat shows it live (not interrupted, not resumed), until that tab dies', async () => {
    const one = await openTab(window.localStorage);
    const session = one.manager.createSession();
    void session.send('/chunks 200 /delay 20 Streaming before tab two opens');
    await waitFor(() => expect((storedMessages(session.id)[1] as AgentMessage | undefined)?.taskId).toBeDefined());
    const requestsBefore = harness.requests.length;

    const two = await openTab(window.sessionStorage);
    await two.manager.resumeInterrupted();

    expect(two.manager.getSession(session.id)!.getSnapshot().status).toBe('streaming');
    expect(harness.requests.slice(requestsBefore).filter(r => r.method?.toLowerCase().includes('resubscribe'))).toEqual([]);
    crash(one);
    await waitFor(() => expect(two.manager.getSession(session.id)!.getSnapshot().status).toBe('interrupted'));
  });

  it('a tab holds the live lock exactly while it streams, also after a chat deleted mid-stream came back', async () => {
    const one = await openTab(window.localStorage);
    const session = one.manager.createSession();
    const held = () => broker.snapshot().held.map(lock => lock.name);
    const lock = `${PREFIX}live:${session.id}`;

    const first = session.send('/chunks 100 /delay 10 Deleted while streaming');
    await waitFor(() => expect(held()).toEqual([lock]));
    const undo = one.manager.deleteSession(session.id)!;
    await first;
    await waitFor(() => expect(held()).toEqual([]));
    undo();
    const again = one.manager.getSession(session.id)!.send('/chunks 20 /delay 10 Back again');
    await waitFor(() => expect(held()).toEqual([lock]));
    await again;
    await waitFor(() => expect(held()).toEqual([]));
  });

  it('a reply that ends normally in one tab is never shown interrupted in the other, whatever arrives first', async () => {
    const one = await openTab(window.localStorage);
    const two = await openTab(window.sessionStorage);
    const id = await sharedChat(one, two);
    const statuses = new Set<string>();
    const record = () => {
      const snapshot = two.manager.getSession(id)?.getSnapshot();
      const reply = snapshot?.messages[3];
      if (reply?.role === 'agent') statuses.add(reply.status);
      if (snapshot) statuses.add(`session ${snapshot.status}`);
    };
    const stop = two.manager.subscribe(record);
    void one.manager.getSession(id)!.send('/chunks 20 /delay 10 A short answer');
    await waitFor(() => expect(two.manager.getSession(id)!.getSnapshot().messages[3]).toMatchObject({ status: 'streaming' }));

    // Tab one's last writes reach tab two only after its lock was released.
    events.hold();
    await waitFor(() => expect(one.manager.getSession(id)!.getSnapshot().status).toBe('idle'));
    await waitFor(() => expect(broker.snapshot()).toEqual({ held: [], pending: [] }));
    record();
    events.release();
    await waitFor(() => expect(two.manager.getSession(id)!.getSnapshot().messages[3]).toMatchObject({ status: 'complete' }));
    stop();

    expect(Array.from(statuses).filter(status => status.includes('interrupted'))).toEqual([]);
    expect(two.manager.getSession(id)!.getSnapshot().status).toBe('idle');
  });
});
