/**
 * @jest-environment node
 */
import { mockApis } from '@backstage/test-utils';
import type { AgentClient } from '../a2a/AgentClient';
import type { A2AEvent } from '../a2a/types';
import { DefaultAgentForgeApi } from '../api';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { SessionManager } from './SessionManager';
import { lastReply, snapshotWhere, startHarness, type Harness } from '../__testUtils__/demoAgentHarness';

describe('session lifecycle', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('auto');
  });
  afterAll(() => harness.close());

  it('ten simultaneous "first send" callers share one session creation', async () => {
    const manager = harness.createManager();
    const sessions = await Promise.all(Array.from({ length: 10 }, () => manager.ensureSession()));
    expect(new Set(sessions).size).toBe(1);
    expect(manager.getSnapshot().sessions).toHaveLength(1);
    manager.dispose();
  });

  it('ten simultaneous callers share one agent connection, and a failed one is retried', async () => {
    let cardFetches = 0;
    let failNext = true;
    const fetchApi = {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).includes('agent-card.json')) {
          cardFetches++;
          if (failNext) {
            failNext = false;
            throw new TypeError('fetch failed');
          }
        }
        return fetch(input, init);
      },
    };
    const api = new DefaultAgentForgeApi({
      configApi: mockApis.config({ data: { agentForge: { baseUrl: harness.agent.url } } }),
      discoveryApi: mockApis.discovery(),
      fetchApi,
    });

    const failed = await Promise.allSettled(Array.from({ length: 10 }, () => api.getClient()));
    expect(failed.every(r => r.status === 'rejected')).toBe(true);
    expect(cardFetches).toBe(1);

    const clients = await Promise.all(Array.from({ length: 10 }, () => api.getClient()));
    expect(new Set(clients).size).toBe(1);
    expect(cardFetches).toBe(2);
    expect(clients[0].card.name).toBe('Demo Agent');
  });

  it('the sidebar summary turns to streaming with the session’s first event, not later', async () => {
    const manager = harness.createManager();
    const session = manager.createSession();
    const sending = session.send('/chunks 50 /delay 5 watch the sidebar');
    await snapshotWhere(session, s => s.status === 'streaming');
    expect(manager.getSnapshot().sessions.find(s => s.id === session.id)?.status).toBe('streaming');
    session.stop();
    await sending;
    manager.dispose();
  });

  it('creating and deleting 1,000 sessions leaves the maps and the repository empty', async () => {
    const repository = new InMemorySessionRepository();
    const manager = harness.createManager({ repository, retention: { maxSessions: 2000 } });
    await manager.load();
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push(manager.createSession().id);
    // A few of them stream, so that map entries exist before the deletes.
    const streaming = ids.slice(0, 5).map(id => manager.getSession(id)!.send('/chunks 200 /delay 5 long'));
    expect(manager.streamingStateBySession.size).toBe(5);
    expect(repository.size).toBe(1000);

    for (const id of ids) manager.deleteSession(id);
    await Promise.all(streaming);

    expect(manager.streamingStateBySession.size).toBe(0);
    expect(manager.executionPlanStateBySession.size).toBe(0);
    expect(repository.size).toBe(0);
    expect(manager.getSnapshot().sessions).toHaveLength(0);
    manager.dispose();
  });

  it('publishes at most one snapshot per frame and keeps settled messages identical', async () => {
    let frames = 0;
    const manager = harness.createManager({
      scheduleFrame: callback => {
        frames++;
        const timer = setTimeout(callback, 16);
        return () => clearTimeout(timer);
      },
    });
    const session = manager.createSession();
    await session.send('/chunks 3 first turn');
    const settled = session.getSnapshot().messages;

    frames = 0;
    let publishes = 0;
    const seen: Array<readonly unknown[]> = [];
    session.subscribe(() => {
      publishes++;
      seen.push(session.getSnapshot().messages);
    });
    await session.send('/chunks 500 /delay 0 a fast stream');

    const reply = lastReply(session.getSnapshot());
    expect(reply.status).toBe('complete');
    // 500 chunks, but far fewer snapshots: one per frame plus the immediate
    // ones at the start and the end of the turn.
    expect(publishes).toBeLessThanOrEqual(frames + 3);
    expect(publishes).toBeLessThan(100);
    for (const messages of seen) {
      expect(messages[0]).toBe(settled[0]);
      expect(messages[1]).toBe(settled[1]);
    }
    manager.dispose();
  });

  it('drops events of a superseded request even when its transport keeps delivering them', async () => {
    // A transport that ignores AbortSignal: the requestId guard is all that
    // stands between its late events and the session.
    const parked: Array<() => void> = [];
    let onParked = () => {};
    const parkedCount = (n: number) =>
      new Promise<void>(resolve => {
        onParked = () => parked.length >= n && resolve();
        onParked();
      });
    const stubborn = {
      card: harness.client.card,
      async *stream(message: { text: string }): AsyncGenerator<A2AEvent> {
        yield { kind: 'task', taskId: `task-${message.text}`, contextId: 'ctx', state: 'working', artifacts: [] };
        await new Promise<void>(resolve => {
          parked.push(resolve);
          onParked();
        });
        yield {
          kind: 'artifact',
          taskId: `task-${message.text}`,
          contextId: 'ctx',
          artifact: { artifactId: 'a', name: 'streaming_result', append: false, lastChunk: true, parts: [], text: `late text for ${message.text}` },
        };
        yield { kind: 'status', taskId: `task-${message.text}`, contextId: 'ctx', state: 'completed' };
      },
      cancelTask: async () => 'canceled',
    } as unknown as AgentClient;
    const manager = new SessionManager({
      getClient: async () => stubborn,
      repository: new InMemorySessionRepository(),
      // Publish in a microtask, so any change shows before `await` returns.
      scheduleFrame: callback => {
        let live = true;
        queueMicrotask(() => live && callback());
        return () => {
          live = false;
        };
      },
    });
    const session = manager.createSession();

    const first = session.send('first');
    await parkedCount(1);
    const second = session.send('second');
    await parkedCount(2);
    parked[1]();
    await second;
    const settled = session.getSnapshot();
    expect(settled.messages.map(m => m.text)).toEqual(['first', '', 'second', 'late text for second']);
    expect(settled.taskId).toBe('task-second');

    // Now the superseded request delivers its late events: nothing changes.
    parked[0]();
    await first;
    expect(session.getSnapshot()).toBe(settled);
    manager.dispose();
  });
});
