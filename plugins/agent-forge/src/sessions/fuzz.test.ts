/**
 * @jest-environment node
 */
/*
 * Property test of the session reducer: a real SessionManager and its
 * ChatSessions, whose agent client is a stub (the property is about the
 * reducer, not the transport) with one controllable stream per request. A
 * seeded random program interleaves user actions (new chat, send, stop,
 * retry, respond, resume, rename, mark read, switch, delete and undo) with
 * agent events (random valid and invalid A2A events, stream ends and
 * errors, late events on superseded streams) and animation frames. After
 * every step:
 *
 * - nothing threw, no promise rejected;
 * - each session has at most one agent message with status `streaming`, and
 *   one exactly while it is busy;
 * - its status is one of SESSION_STATUSES, every agent message status a
 *   known one;
 * - no message was lost or reordered: every message seen before is still
 *   there, in order; the only removal is retry's, of the agent replies
 *   after the last user message, never a user message; an undone delete
 *   brings every message back;
 * - `streamingStateBySession` and `executionPlanStateBySession` hold an
 *   entry for a session exactly while it is busy, and none for a deleted one;
 * - the manager's list matches its sessions, and `liveCount` the busy ones.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run (FUZZ_SEED=random explores),
 * FUZZ_RUNS=<n> programs of FUZZ_STEPS=<n> steps, FUZZ_PROGRAM=<n> only that
 * one. A failure names the seed, the program, the step and the last actions.
 */
import type { AgentClient } from '../a2a/AgentClient';
import type { A2AEvent, ContentPart, OutgoingMessage, TaskStateName } from '../a2a/types';
import type { ChatSession } from './ChatSession';
import { SESSION_STATUSES, isBusy, type AgentMessageStatus, type ChatMessage } from './model';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import { SessionManager } from './SessionManager';
import { Gen, prng, seedFromEnv } from '../__testUtils__/seededRandom';

// ---- seeded randomness -------------------------------------------------------

const SEED = seedFromEnv(7_340_033);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const STEPS = Number(process.env.FUZZ_STEPS ?? 80);
/** FUZZ_PROGRAM=<n> runs only that program of the seed (to debug a failure). */
const ONLY = process.env.FUZZ_PROGRAM === undefined ? undefined : Number(process.env.FUZZ_PROGRAM);


// ---- random agent events -----------------------------------------------------

const STATES: readonly TaskStateName[] = [
  'submitted', 'working', 'working', 'working', 'working', 'input-required', 'input-required',
  'auth-required', 'completed', 'completed', 'failed', 'canceled', 'rejected', 'unknown',
];
const ARTIFACT_NAMES = [
  'streaming_result', 'streaming_result', 'streaming_result', 'partial_result', 'final_result',
  'complete_result', 'execution_plan_update', 'execution_plan_status_update',
  'tool_notification_start', 'tool_notification_end', 'weather_report', '',
];

function randomData(g: Gen): unknown {
  return g.pick<() => unknown>([
    () => ({ title: 'Plan', steps: [{ id: 'a', title: 'Step A', status: g.pick(['pending', 'done', 'bogus']) }, { id: 'b', title: 'Step B' }] }),
    () => ({ steps: [{ id: g.pick(['a', 'b', 'z']), status: g.pick(['completed', 'in_progress', 'failed', 'nope']) }] }),
    () => ({ tool: { callId: g.pick(['c1', 'c2']), name: g.pick(['search', 'sum', '']), result: 'ok' } }),
    () => ({ form: { id: 'f', title: 'Details', fields: [{ name: 'service', label: 'Service', type: 'text', required: g.chance(0.5) }, { name: 'n', type: 'number', min: 1, max: 3 }] } }),
    () => ({ form: { fields: 'not an array' } }),
    () => null,
    () => [1, 2, 3],
    () => 'text as data',
  ])();
}

function randomParts(g: Gen): ContentPart[] {
  return Array.from({ length: g.int(3) }, () =>
    g.pick<() => ContentPart>([
      () => ({ type: 'text', text: g.pick(['Hel', 'lo ', '', '## Head\n', '- [x] done\n- [ ] todo', '✅ Search']) }),
      () => ({ type: 'data', data: randomData(g) }),
      () => ({ type: 'file', url: 'https://example.com/f' }),
    ])(),
  );
}

function textOf(parts: ContentPart[]): string {
  return parts.map(p => (p.type === 'text' ? p.text : '')).join('');
}

function randomEvent(g: Gen): A2AEvent {
  const taskId = g.pick(['task-1', 'task-2', 'task-2', '']);
  const contextId = g.pick(['ctx-1', 'ctx-2', '']);
  const content = () => {
    const parts = randomParts(g);
    return { parts, text: textOf(parts) };
  };
  const artifact = () => {
    const parts = randomParts(g);
    return {
      artifactId: g.pick(['a1', 'a2', '']),
      name: g.pick(ARTIFACT_NAMES),
      append: g.chance(0.6),
      lastChunk: g.chance(0.3),
      parts,
      text: textOf(parts),
      metadata: g.pick([undefined, { chunkIndex: g.int(4) }, { chunkIndex: 'x' }]),
    };
  };
  return g.pick<() => A2AEvent>([
    () => ({ kind: 'task', taskId, contextId, state: g.pick(STATES), message: g.chance(0.5) ? content() : undefined, artifacts: Array.from({ length: g.int(2) }, artifact) }),
    () => ({ kind: 'status', taskId, contextId, state: g.pick(STATES), message: g.chance(0.6) ? content() : undefined }),
    () => ({ kind: 'artifact', taskId, contextId, artifact: artifact() }),
    () => ({ kind: 'artifact', taskId, contextId, artifact: artifact() }),
    () => ({ kind: 'artifact', taskId, contextId, artifact: artifact() }),
    () => ({ kind: 'message', taskId: g.chance(0.5) ? taskId : undefined, contextId, content: content() }),
    // Invalid: a kind the reducer does not know, and a state outside the union.
    () => ({ kind: 'bogus', taskId, contextId } as unknown as A2AEvent),
    () => ({ kind: 'status', taskId, contextId, state: 'exploded' as TaskStateName }),
  ])();
}

function randomError(g: Gen): Error {
  return g.pick<() => Error>([
    () => new TypeError('fetch failed'),
    () => Object.assign(new Error('boom'), { name: 'AbortError' }),
    () => new Error('SSE event contained an error: Task not found (Code: -32001) Data: {}'),
    () => new Error('HTTP error for SendStreamingMessage! Status: 500 Internal Server Error.'),
  ])();
}

// ---- a stub client with one controllable stream per request -----------------

type Feed = { event: A2AEvent } | { end: true } | { error: Error };

class ControlledStream {
  closed = false;
  private readonly queue: Feed[] = [];
  private wake?: () => void;

  /**
   * @param honorsAbort false for a sloppy transport that still delivers
   *   events after its request was aborted: the session's requestId guard
   *   must drop them.
   */
  constructor(
    readonly label: string,
    private readonly signal: AbortSignal,
    private readonly honorsAbort: boolean,
  ) {
    signal.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  push(feed: Feed): void {
    this.queue.push(feed);
    this.wake?.();
  }

  async *events(): AsyncGenerator<A2AEvent> {
    try {
      for (;;) {
        while (this.queue.length === 0 && !(this.honorsAbort && this.signal.aborted)) {
          await new Promise<void>(resolve => {
            this.wake = resolve;
          });
          this.wake = undefined;
        }
        // Like fetch: an aborted request rejects, whatever was still buffered.
        if (this.honorsAbort && this.signal.aborted) throw new DOMException('This operation was aborted', 'AbortError');
        const feed = this.queue.shift()!;
        if ('end' in feed) return;
        if ('error' in feed) throw feed.error;
        yield feed.event;
      }
    } finally {
      this.closed = true;
    }
  }
}

class StubAgent {
  readonly streams: ControlledStream[] = [];
  /** The next getClient() calls that fail (the agent is unreachable). */
  failingConnects = 0;
  getTaskCalls = 0;
  private count = 0;

  constructor(private readonly g: Gen) {}

  readonly client = {
    card: { name: 'Stub', description: '', version: '', protocolVersion: '1.0', streaming: true, skills: [] },
    stream: (_message: OutgoingMessage, signal: AbortSignal) => this.open('send', signal),
    resubscribe: (taskId: string, signal: AbortSignal) => this.open(`resubscribe ${taskId}`, signal),
    getTask: async (taskId: string) => {
      this.getTaskCalls++;
      // resume() falls back to polling tasks/get when resubscribe fails: the task is over.
      return { kind: 'task', taskId, contextId: 'ctx-1', state: 'completed', artifacts: [] } as Extract<A2AEvent, { kind: 'task' }>;
    },
    cancelTask: async () => 'canceled' as TaskStateName,
  } as unknown as AgentClient;

  getClient = async (): Promise<AgentClient> => {
    if (this.failingConnects > 0) {
      this.failingConnects--;
      throw new TypeError('fetch failed');
    }
    return this.client;
  };

  private open(kind: string, signal: AbortSignal): AsyncGenerator<A2AEvent> {
    const stream = new ControlledStream(`#${++this.count} ${kind}`, signal, this.g.chance(0.7));
    this.streams.push(stream);
    return stream.events();
  }

  openStreams(): ControlledStream[] {
    return this.streams.filter(s => !s.closed);
  }
}

// ---- the program ------------------------------------------------------------

const AGENT_STATUSES: readonly AgentMessageStatus[] = [
  'streaming', 'complete', 'stopped', 'interrupted', 'failed', 'canceled', 'rejected', 'input-required', 'auth-required',
];

function describeFeed(feed: Feed): string {
  if ('end' in feed) return 'end';
  if ('error' in feed) return `error ${feed.error.message}`;
  const event = feed.event;
  if (event.kind === 'artifact') return `artifact ${event.artifact.name}${event.artifact.append ? ' (append)' : ''}`;
  return 'state' in event ? `${event.kind} ${event.state}` : event.kind;
}

/** Lets every pending promise callback and stream step run. */
function settle(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

interface Deleted {
  id: string;
  messageIds: string[];
  undo: () => void;
}

/** What the programs reached, summed: proves the properties were not checked in vain. */
const reached = {
  outcomes: new Map<AgentMessageStatus, number>(),
  respondTurns: 0,
  retryTurns: 0,
  resumeTurns: 0,
  undone: 0,
  lateEvents: 0,
  maxStreamingSessions: 0,
};

async function runProgram(seed: number, program: number): Promise<void> {
  const g = new Gen(prng(seed * 1000 + program));
  const agent = new StubAgent(g);
  let clock = 1_000_000;
  let ids = 0;
  const frames = new Set<() => void>();
  const manager = new SessionManager({
    getClient: agent.getClient,
    repository: new InMemorySessionRepository(),
    retention: { maxSessions: 6 },
    now: () => (clock += 1 + g.int(50)),
    newId: () => `id-${++ids}`,
    scheduleFrame: callback => {
      frames.add(callback);
      return () => frames.delete(callback);
    },
    onEvent: event => reached.outcomes.set(event.outcome, (reached.outcomes.get(event.outcome) ?? 0) + 1),
  });
  await manager.load();

  const log: string[] = [];
  const failures: string[] = [];
  /** Messages per live session, as last seen. */
  const seen = new Map<string, Seen[]>();
  const deleted: Deleted[] = [];
  const pending: Array<Promise<void>> = [];
  /** Sessions retried in this step: the only ones that may drop messages. */
  const retrying = new Set<string>();

  const track = (what: string, promise: Promise<void>) => {
    pending.push(
      promise.then(
        () => undefined,
        error => {
          failures.push(`${what} rejected: ${String(error)}`);
        },
      ),
    );
  };
  const sessions = (): ChatSession[] =>
    manager
      .getSnapshot()
      .sessions.map(s => manager.getSession(s.id))
      .filter((s): s is ChatSession => Boolean(s));
  const someSession = (): ChatSession | undefined => g.pick(sessions());
  /** Mostly a session in one of `statuses` (where the action does something), if any. */
  const sessionIn = (...statuses: string[]): ChatSession | undefined => {
    const matching = sessions().filter(s => statuses.includes(s.getSnapshot().status));
    return matching.length > 0 && g.chance(0.8) ? g.pick(matching) : someSession();
  };

  const actions: Array<[number, () => void]> = [
    [4, () => {
      const s = g.chance(0.5) ? manager.newChat() : manager.createSession();
      log.push(`new chat -> ${s.id}`);
    }],
    [10, () => {
      const s = someSession();
      if (!s) return;
      const text = g.pick(['hello', '  spaced  ', '', '   ', 'multi\nline question', '/chunks 3 retry me']);
      const before = s.getSnapshot().messages.filter(m => m.role === 'user').length;
      const destroyed = s.isDestroyed;
      log.push(`send ${s.id} ${JSON.stringify(text)}`);
      track(`send ${s.id}`, s.send(text));
      const users = s.getSnapshot().messages.filter(m => m.role === 'user');
      const added = text.trim() && !destroyed;
      if (users.length !== before + (added ? 1 : 0)) failures.push(`send: ${before} -> ${users.length} user messages`);
      if (added && users[users.length - 1].text !== text.trim()) failures.push('send: the new user message has another text');
    }],
    [4, () => {
      const s = sessionIn('submitting', 'streaming');
      if (!s) return;
      log.push(`stop ${s.id}`);
      s.stop();
    }],
    [4, () => {
      const s = sessionIn('error', 'interrupted', 'idle');
      if (!s) return;
      log.push(`retry ${s.id}`);
      retrying.add(s.id);
      track(`retry ${s.id}`, s.retry());
      if (isBusy(s.getSnapshot().status)) reached.retryTurns++;
    }],
    [8, () => {
      const s = sessionIn('input-required');
      if (!s) return;
      const values = g.pick<Record<string, unknown>>([{ service: 'svc', n: 2 }, {}, { other: true }]);
      log.push(`respond ${s.id} ${JSON.stringify(values)}`);
      const wasAsking = s.getSnapshot().status === 'input-required';
      track(`respond ${s.id}`, s.respond(values));
      if (wasAsking && isBusy(s.getSnapshot().status)) reached.respondTurns++;
    }],
    [3, () => {
      const s = sessionIn('interrupted');
      if (!s) return;
      log.push(`resume ${s.id}`);
      track(`resume ${s.id}`, s.resume());
      if (isBusy(s.getSnapshot().status)) reached.resumeTurns++;
    }],
    [2, () => {
      const s = someSession();
      if (!s) return;
      log.push(`suspend ${s.id}`);
      s.suspend();
    }],
    [3, () => {
      const s = someSession();
      if (!s) return;
      const title = g.pick(['Renamed', '', '   ', 'x'.repeat(300), '<b>t</b>']);
      log.push(`rename ${s.id} ${JSON.stringify(title.slice(0, 20))}`);
      s.rename(title);
    }],
    [2, () => {
      const s = someSession();
      if (!s) return;
      log.push(`markRead ${s.id}`);
      s.markRead();
    }],
    [4, () => {
      const s = someSession();
      log.push(`setActive ${s?.id}`);
      manager.setActive(s?.id);
    }],
    [3, () => {
      const s = someSession();
      if (!s) return;
      log.push(`delete ${s.id}`);
      const messageIds = s.getSnapshot().messages.map(m => m.id);
      const undo = manager.deleteSession(s.id);
      if (!undo) failures.push('delete returned no undo');
      else deleted.push({ id: s.id, messageIds, undo });
      seen.delete(s.id);
    }],
    [2, () => {
      const d = deleted.length > 0 ? deleted.splice(g.int(deleted.length), 1)[0] : undefined;
      if (!d) return;
      log.push(`undo ${d.id}`);
      d.undo();
      const restored = manager.getSession(d.id);
      if (!restored) return; // another session took the slot: retention
      reached.undone++;
      const now = restored.getSnapshot().messages.map(m => m.id);
      if (JSON.stringify(now) !== JSON.stringify(d.messageIds)) failures.push(`undo of ${d.id} restored ${now} instead of ${d.messageIds}`);
    }],
    [28, () => {
      const open = agent.openStreams();
      if (open.length === 0) return;
      // Mostly the newest streams; sometimes an older, superseded one.
      const stream = g.chance(0.8) ? open[open.length - 1 - g.int(Math.min(open.length, 3))] : g.pick(open);
      let feed: Feed = { event: randomEvent(g) };
      if (g.chance(0.12)) feed = g.chance(0.7) ? { end: true } : { error: randomError(g) };
      log.push(`agent ${stream.label} <- ${describeFeed(feed)}`);
      if (stream.aborted) reached.lateEvents++;
      stream.push(feed);
    }],
    [6, () => {
      log.push(`frame (${frames.size})`);
      const due = Array.from(frames);
      frames.clear();
      due.forEach(callback => callback());
    }],
    [1, () => {
      agent.failingConnects = 1 + g.int(2);
      log.push(`agent unreachable for ${agent.failingConnects} connects`);
    }],
  ];
  const total = actions.reduce((sum, [weight]) => sum + weight, 0);

  const check = (step: number) => {
    const live = sessions();
    const liveIds = new Set(live.map(s => s.id));
    const problems: string[] = [];
    const snapshot = manager.getSnapshot();
    if (snapshot.sessions.length !== live.length) problems.push('the manager lists sessions it does not have');
    let busyCount = 0;
    for (const session of live) {
      const view = session.getSnapshot();
      const id = session.id;
      if (!SESSION_STATUSES.includes(view.status)) problems.push(`${id}: status ${view.status}`);
      const busy = isBusy(view.status);
      if (busy) busyCount++;
      const streamingMessages = view.messages.filter(m => m.role === 'agent' && m.status === 'streaming');
      if (streamingMessages.length > 1) problems.push(`${id}: ${streamingMessages.length} streaming messages`);
      if (busy !== (streamingMessages.length === 1)) problems.push(`${id}: ${view.status} with ${streamingMessages.length} streaming messages`);
      if (manager.streamingStateBySession.has(id) !== busy) problems.push(`${id}: ${view.status}, streamingStateBySession entry: ${manager.streamingStateBySession.has(id)}`);
      if (manager.executionPlanStateBySession.has(id) !== busy) problems.push(`${id}: ${view.status}, executionPlanStateBySession entry: ${manager.executionPlanStateBySession.has(id)}`);
      for (const m of view.messages) {
        if (m.role === 'agent' && !AGENT_STATUSES.includes(m.status)) problems.push(`${id}: agent message status ${m.status}`);
      }
      const messageIds = view.messages.map(m => m.id);
      if (new Set(messageIds).size !== messageIds.length) problems.push(`${id}: duplicate message ids`);
      problems.push(...lostMessages(id, seen.get(id) ?? [], view.messages, retrying.has(id)));
      problems.push(...changedSettledReplies(id, seen.get(id) ?? [], view.messages));
      seen.set(id, view.messages.map(m => ({ id: m.id, role: m.role, text: m.text, status: m.role === 'agent' ? m.status : undefined })));
      // The stored record agrees with the snapshot on what exists.
      const record = session.toRecord();
      if (JSON.stringify(record.messages.map(m => m.id)) !== JSON.stringify(messageIds)) problems.push(`${id}: the record's messages differ from the snapshot's`);
    }
    reached.maxStreamingSessions = Math.max(reached.maxStreamingSessions, busyCount);
    if (snapshot.liveCount !== busyCount) problems.push(`liveCount ${snapshot.liveCount}, busy sessions ${busyCount}`);
    for (const id of manager.streamingStateBySession.keys()) if (!liveIds.has(id)) problems.push(`streamingStateBySession keeps ${id}`);
    for (const id of manager.executionPlanStateBySession.keys()) if (!liveIds.has(id)) problems.push(`executionPlanStateBySession keeps ${id}`);
    problems.push(...failures.splice(0));
    if (problems.length > 0) {
      throw new Error(
        `seed ${SEED}, program ${program}, step ${step} (reproduce with FUZZ_SEED=${SEED} FUZZ_PROGRAM=${program}):\n  ${problems.join('\n  ')}\n` +
          `actions:\n  ${log.slice(-40).join('\n  ')}`,
      );
    }
  };

  for (let step = 0; step < STEPS; step++) {
    retrying.clear();
    let roll = g.int(total);
    const action = actions.find(([weight]) => (roll -= weight) < 0)![1];
    try {
      action();
    } catch (error) {
      failures.push(`threw: ${error instanceof Error ? error.stack : String(error)}`);
    }
    await settle();
    check(step);
  }
  // Wind down: stop everything, answer every open stream, and check once more.
  for (const session of sessions()) session.stop();
  agent.openStreams().forEach(stream => stream.push({ end: true }));
  await settle();
  await Promise.all(pending);
  check(STEPS);
  manager.dispose();
}

interface Seen {
  id: string;
  role: ChatMessage['role'];
  text: string;
  status?: AgentMessageStatus;
}

/** A settled reply keeps its text and status, unless it is resumed (streams again). */
function changedSettledReplies(id: string, before: readonly Seen[], now: readonly ChatMessage[]): string[] {
  const problems: string[] = [];
  for (const old of before) {
    if (old.role !== 'agent' || old.status === 'streaming') continue;
    const current = now.find(m => m.id === old.id);
    if (!current || current.role !== 'agent' || current.status === 'streaming') continue;
    if (current.status !== old.status) problems.push(`${id}: settled reply ${old.id} went from ${old.status} to ${current.status}`);
    if (current.text !== old.text) problems.push(`${id}: settled reply ${old.id} changed its text`);
  }
  return problems;
}

/**
 * Messages seen before that are gone now or out of order. Only retry may
 * drop messages: the agent replies after the last user message.
 */
function lostMessages(id: string, before: readonly Seen[], now: readonly ChatMessage[], retried: boolean): string[] {
  const nowIds = now.map(m => m.id);
  let kept = before;
  if (retried) {
    let lastUser = before.length - 1;
    while (lastUser >= 0 && before[lastUser].role !== 'user') lastUser--;
    if (lastUser >= 0) kept = before.slice(0, lastUser + 1);
  }
  const missing = kept.filter(m => !nowIds.includes(m.id));
  if (missing.length > 0) return [`${id}: ${missing.map(m => `${m.role} message ${m.id}`).join(', ')} lost`];
  const positions = kept.map(m => nowIds.indexOf(m.id));
  if (positions.some((position, i) => i > 0 && position < positions[i - 1])) return [`${id}: messages reordered`];
  // Anything new comes after everything that was kept.
  const lastKept = positions.length > 0 ? positions[positions.length - 1] : -1;
  const known = new Set(before.map(m => m.id));
  if (nowIds.some((mid, i) => !known.has(mid) && i < lastKept)) return [`${id}: a new message came before an older one`];
  return [];
}

describe(`session reducer fuzz (seed ${SEED}, ${RUNS} programs of ${STEPS} steps)`, () => {
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it('keeps its invariants under random user actions and agent events', async () => {
    for (let program = ONLY ?? 0; program < (ONLY === undefined ? RUNS : ONLY + 1); program++) {
      unhandled = [];
      await runProgram(SEED, program);
      if (unhandled.length > 0) {
        throw new Error(`seed ${SEED}, program ${program}: unhandled rejections: ${unhandled.map(String).join('; ')}`);
      }
    }
    // eslint-disable-next-line no-console -- opt-in diagnostics
    if (process.env.FUZZ_STATS) console.log(JSON.stringify({ ...reached, outcomes: Object.fromEntries(reached.outcomes) }));
    if (ONLY !== undefined) return;
    // Not in vain: every kind of ending, every kind of follow-up turn, undo,
    // late events and concurrent streams were reached.
    const endings = ['complete', 'stopped', 'interrupted', 'failed', 'canceled', 'rejected', 'input-required', 'auth-required'] as const;
    expect(endings.filter(outcome => !reached.outcomes.get(outcome))).toEqual([]);
    expect(reached.respondTurns).toBeGreaterThan(0);
    expect(reached.retryTurns).toBeGreaterThan(0);
    expect(reached.resumeTurns).toBeGreaterThan(0);
    expect(reached.undone).toBeGreaterThan(0);
    expect(reached.lateEvents).toBeGreaterThan(0);
    expect(reached.maxStreamingSessions).toBeGreaterThan(1);
  }, 120_000);
});
