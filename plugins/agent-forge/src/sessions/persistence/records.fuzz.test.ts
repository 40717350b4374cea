/*
 * Property test of reading stored records: valid records with random nested
 * junk put in (any JSON value at any depth, deleted fields, "__proto__" and
 * "constructor" keys, numbers a double cannot hold), and junk records, go
 * through decodeRecord, LocalStorageSessionRepository.load and its watch
 * (another tab's storage event). Nothing may throw, and:
 *
 * - whatever comes out passes the strict schema of the current version
 *   (schemaV1.ts: what the views need to render it);
 * - a session stored under a usable id (its key) in a readable version is
 *   always kept, only its unreadable parts go;
 * - no message appears that was not stored, and no message that was stored
 *   whole is lost;
 * - Object.prototype is never touched;
 * - the fast check of the current version (fastCheckV1.ts) says yes only
 *   where zod accepts the value and returns it unchanged, and says yes to
 *   the records this version writes.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run (FUZZ_SEED=random explores),
 * FUZZ_RUNS=<n> sets the number of records. A failure names the seed, the
 * case and the record.
 */
import type { ChatMessage } from '../model';
import { Gen, prng, seedFromEnv } from '../../__testUtils__/seededRandom';
import { LocalStorageSessionRepository } from './LocalStorageSessionRepository';
import { encodeRecord, readRecordFast, type PersistedSession } from './records';
import { decodeRecord } from './repair';
import type { StorageChange } from './SessionRepository';
import { isMessageV1, isSessionV1 } from './fastCheckV1';
import { messageV1, sessionV1 } from './schemaV1';

const SEED = seedFromEnv(90_210);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Stands for a JSON number a double cannot hold (the text gets 1e400 / -1e400). */
const HUGE = '⟪huge⟫';
const TINY = '⟪-huge⟫';

class RecordGen extends Gen {
  word(): string {
    return this.pick(['', ' ', 'x', 'plan', 'streaming', 'complete', 'user', 'agent', '__proto__', 'constructor', 'toString', '💥\u202e', 'a'.repeat(this.int(300))]);
  }

  number(): unknown {
    return this.pick([0, -1, 1.5, 1e21, 8.64e15 + 1, -8.64e15, Number.MAX_SAFE_INTEGER + 2, HUGE, TINY, 1_700_000_000_000]);
  }

  /** Any JSON value, nested a little. */
  junk(depth = 0): unknown {
    switch (this.int(depth > 2 ? 5 : 8)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
      case 4:
        return this.word();
      case 5:
        return Array.from({ length: this.int(4) }, () => this.junk(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) object[this.word()] = this.junk(depth + 1);
        return object;
      }
    }
  }

  message(index: number): ChatMessage {
    const base = { id: `m${index}`, createdAt: 1_700_000_000_000 + index, text: this.word() };
    if (this.chance(0.4)) return { ...base, role: 'user', ...(this.chance(0.3) ? { data: { env: 'prod', n: 3, ok: true } } : {}) };
    return {
      ...base,
      role: 'agent',
      status: this.pick(['streaming', 'complete', 'stopped', 'interrupted', 'failed', 'input-required'] as const),
      taskId: 'task-1',
      notice: 'note',
      error: { kind: 'rpc', message: 'Bad', code: -32000, detail: 'd' },
      plan: { title: 'P', steps: [{ id: 's1', title: 'Step', status: 'in_progress' }] },
      planHistory: [{ steps: [] }],
      tools: [{ callId: 'c', name: 'search', status: 'running', agent: 'a' }],
      form: {
        title: 'F',
        fields: [
          { name: 'env', label: 'Env', type: 'select', required: true, options: ['a'], default: 'a' },
          { name: 'n', label: 'N', type: 'number', required: false, min: 0, max: 9 },
        ],
      },
      formAnswered: false,
      artifacts: [{ artifactId: 'x', name: 'weather', text: 'Sunny' }],
    };
  }

  session(): PersistedSession {
    return {
      id: 's1',
      title: 'Chat',
      customTitle: this.chance(0.5),
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_100_000,
      status: this.pick(['idle', 'streaming', 'input-required', 'error', 'interrupted'] as const),
      unread: true,
      contextId: 'ctx',
      taskId: 'task-1',
      messages: Array.from({ length: this.int(6) }, (_, i) => this.message(i)),
    };
  }

  /** Puts junk somewhere in `root`: replaces, deletes or adds a field or an item, at any depth. */
  mutate(root: Record<string, unknown>): void {
    const containers: Array<Record<string, unknown> | unknown[]> = [];
    const walk = (value: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      containers.push(value as Record<string, unknown>);
      for (const child of Object.values(value)) walk(child);
    };
    walk(root);
    const target = this.pick(containers);
    if (Array.isArray(target)) {
      if (target.length > 0 && this.chance(0.7)) target[this.int(target.length)] = this.junk();
      else target.push(this.junk());
      return;
    }
    const keys = Object.keys(target);
    const op = this.int(4);
    if (op === 0 && keys.length > 0) delete target[this.pick(keys)];
    else if (op === 1) Object.defineProperty(target, this.pick(['__proto__', 'constructor', 'hasOwnProperty']), { value: this.junk(), enumerable: true, configurable: true, writable: true });
    else if (keys.length > 0) target[this.pick(keys)] = this.junk();
    else target[this.word()] = this.junk();
  }

  /** A stored record's text: mostly a valid record with junk in it, sometimes junk throughout. */
  recordText(): string {
    let value: unknown;
    if (this.chance(0.1)) {
      value = this.junk();
    } else if (this.chance(0.1)) {
      value = { v: this.pick([1, 1, 0, 2, '1', null]), session: this.junk() };
    } else {
      const record = { v: 1, session: this.session() } as unknown as Record<string, unknown>;
      for (let i = 1 + this.int(6); i > 0; i--) this.mutate(record);
      value = record;
    }
    return JSON.stringify(value).split(`"${HUGE}"`).join('1e400').split(`"${TINY}"`).join('-1e400');
  }
}

/** The ids of the messages stored whole (they must all come back). */
function wholeMessageIds(text: string): { all: Set<string>; whole: Set<string> } {
  const all = new Set<string>();
  const whole = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { all, whole };
  }
  const messages = (parsed as { session?: { messages?: unknown } } | null)?.session?.messages;
  if (!Array.isArray(messages)) return { all, whole };
  for (const m of messages) {
    const id = (m as { id?: unknown } | null)?.id;
    if (typeof id === 'string') all.add(id);
    const check = messageV1.safeParse(m);
    if (check.success) whole.add(check.data.id);
  }
  return { all, whole };
}

function checkSession(session: PersistedSession, where: string): void {
  const check = sessionV1.safeParse(session);
  if (!check.success) throw new Error(`${where}: not renderable: ${check.error.message}`);
}

describe('stored records with random junk (property)', () => {
  const g = new RecordGen(prng(SEED));
  const cases = Array.from({ length: RUNS }, () => g.recordText());

  afterEach(() => window.localStorage.clear());

  it(`decodeRecord never throws, keeps every record with a usable id, and returns only renderable sessions (seed ${SEED}, ${RUNS} records)`, () => {
    const stats = { kept: 0, repaired: 0, refused: 0 };
    cases.forEach((text, index) => {
      const where = `seed ${SEED}, case ${index}: ${text.slice(0, 2000)}`;
      let result: ReturnType<typeof decodeRecord>;
      try {
        result = decodeRecord(text, { id: 'key-id', now: 5 });
      } catch (error) {
        throw new Error(`${where}: threw ${String(error)}`);
      }
      const parsed = JSON.parse(text) as { v?: unknown; session?: unknown } | null;
      const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
      const readable = isObject(parsed) && parsed!.v === 1 && isObject(parsed!.session);
      if (!result.ok) {
        stats.refused++;
        if (readable) throw new Error(`${where}: a version 1 record stored under a usable id was refused (${result.reason})`);
        return;
      }
      stats.kept++;
      if (result.repaired) stats.repaired++;
      checkSession(result.session, where);
      expect(result.session.id).toBe('key-id');
      const { all, whole } = wholeMessageIds(text);
      const ids = result.session.messages.map(m => m.id);
      for (const id of ids) if (!all.has(id)) throw new Error(`${where}: message ${id} was never stored`);
      for (const id of whole) if (!ids.includes(id)) throw new Error(`${where}: message ${id} was stored whole and lost`);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The generator reaches all three outcomes often (a vacuous run proves nothing).
    expect(stats.kept).toBeGreaterThan(RUNS * 0.5);
    expect(stats.repaired).toBeGreaterThan(RUNS * 0.5);
    expect(stats.refused).toBeGreaterThan(RUNS * 0.02);
  });

  it('the fast check accepts only what zod accepts unchanged, and every record as written', () => {
    const agree = (fast: boolean, schema: typeof sessionV1 | typeof messageV1, value: unknown, where: string) => {
      if (!fast) return;
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`${where}: the fast check accepts what zod refuses: ${parsed.error.message}`);
      expect(parsed.data).toEqual(value);
    };
    let sessionsAccepted = 0;
    cases.forEach((text, index) => {
      const session = (JSON.parse(text) as { session?: unknown } | null)?.session;
      const where = `seed ${SEED}, case ${index}: ${text.slice(0, 2000)}`;
      if (isSessionV1(session)) sessionsAccepted++;
      agree(isSessionV1(session), sessionV1, session, where);
      const messages = (session as { messages?: unknown } | undefined)?.messages;
      if (Array.isArray(messages)) messages.forEach(m => agree(isMessageV1(m), messageV1, m, where));
    });
    expect(sessionsAccepted).toBeGreaterThan(0);
    const writer = new RecordGen(prng(SEED + 1));
    for (let i = 0; i < 200; i++) {
      const written = JSON.parse(JSON.stringify(writer.session()));
      expect(isSessionV1(written)).toBe(true);
    }
  });

  it('the quick path of readRecord gives exactly what the schemas give, and takes every record as written', () => {
    let quick = 0;
    cases.forEach((text, index) => {
      const fast = readRecordFast(text, { id: 'key-id' });
      if (fast === undefined) return;
      quick++;
      expect({ case: index, result: fast }).toEqual({ case: index, result: decodeRecord(text, { id: 'key-id', now: 5 }) });
    });
    expect(quick).toBeGreaterThan(0);
    const writer = new RecordGen(prng(SEED + 2));
    for (let i = 0; i < 200; i++) {
      const session = writer.session();
      expect(readRecordFast(encodeRecord(session), { id: session.id })).toMatchObject({ ok: true, repaired: false });
    }
  });

  it('load() never throws and returns only renderable sessions, one per readable key', async () => {
    const repository = LocalStorageSessionRepository.create({ namespace: 'user:default/fuzz' });
    const prefix = 'agent-forge:user%3Adefault%2Ffuzz:session:';
    for (let start = 0; start < cases.length; start += 100) {
      window.localStorage.clear();
      const batch = cases.slice(start, start + 100);
      batch.forEach((text, i) => window.localStorage.setItem(`${prefix}k${i}`, text));

      const { sessions, problems } = await repository.load();

      for (const session of sessions) checkSession(session, `seed ${SEED}, batch ${start}, session ${session.id}`);
      expect(sessions.length + problems.length).toBe(batch.length);
      // A repaired record was stored again as read: a second load reads the same.
      const again = await repository.load();
      expect(again.sessions).toEqual(sessions);
    }
  });

  it("another tab's storage events with junk never throw, and report only renderable sessions", async () => {
    const repository = LocalStorageSessionRepository.create({ namespace: 'user:default/fuzz' });
    const prefix = 'agent-forge:user%3Adefault%2Ffuzz:session:';
    const changes: StorageChange[] = [];
    // Changes are handed on in order, some after the schemas load: the last
    // one (a removal) arriving means all the others did.
    let allHandled: () => void = () => undefined;
    const handled = new Promise<void>(resolve => {
      allHandled = resolve;
    });
    const stop = repository.watch!(change => {
      if (change.type === 'remove' && change.id === 'last') allHandled();
      else changes.push(change);
    });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      cases.forEach((text, i) => {
        window.dispatchEvent(new StorageEvent('storage', { key: `${prefix}k${i}`, newValue: text, storageArea: window.localStorage }));
      });
      window.dispatchEvent(new StorageEvent('storage', { key: `${prefix}last`, newValue: null, storageArea: window.localStorage }));
      await handled;
    } finally {
      stop();
      window.removeEventListener('error', onError);
    }
    expect(errors).toEqual([]);
    expect(changes.length).toBeGreaterThan(RUNS * 0.5);
    for (const change of changes) {
      if (change.type === 'upsert') checkSession(change.session, `seed ${SEED}, watched ${change.session.id}`);
    }
  });
});
