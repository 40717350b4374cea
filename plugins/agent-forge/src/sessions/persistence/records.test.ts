import type { AgentMessage, UserMessage } from '../model';
import { encodeRecord, type PersistedSession } from './records';
import { decodeRecord, recordDecoder } from './repair';
import { salvageSessionV1 } from './salvage';
import { sessionV1 } from './schemaV1';

const user: UserMessage = { id: 'u1', role: 'user', text: 'Deploy api', createdAt: 1_700_000_000_000 };
const reply: AgentMessage = {
  id: 'a1',
  role: 'agent',
  text: 'Which env?',
  createdAt: 1_700_000_001_000,
  status: 'input-required',
  taskId: 'task-1',
  notice: 'Waiting for you',
  plan: { title: 'Deploy', steps: [{ id: 's1', title: 'Build', status: 'completed' }] },
  planHistory: [{ steps: [] }],
  tools: [{ callId: 'c1', name: 'search', status: 'completed', result: 'ok' }],
  form: {
    title: 'Where to?',
    fields: [{ name: 'env', label: 'Environment', type: 'select', required: true, options: ['dev', 'prod'], min: 1 }],
  },
  artifacts: [{ artifactId: 'x1', name: 'weather_report', text: 'Sunny' }],
  error: { kind: 'http', message: 'Bad gateway', status: 502 },
};

const session: PersistedSession = {
  id: 's1',
  title: 'Deploy help',
  customTitle: true,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_060_000,
  status: 'input-required',
  unread: true,
  contextId: 'ctx-1',
  taskId: 'task-1',
  messages: [user, reply],
  pruned: false,
};

/** A stored record as raw JSON text. */
const raw = (record: unknown) => JSON.stringify(record);
const withSession = (patch: Record<string, unknown>) => raw({ v: 1, session: { ...session, ...patch } });
const withReply = (patch: Record<string, unknown>) => withSession({ messages: [user, { ...reply, ...patch }] });

function decoded(text: string, options?: { id?: string; now?: number }): PersistedSession {
  const result = decodeRecord(text, options);
  if (!result.ok) throw new Error(`not decoded: ${result.reason}`);
  expect(sessionV1.safeParse(result.session).success).toBe(true);
  return result.session;
}

describe('encodeRecord / decodeRecord', () => {
  it('writes a versioned record', () => {
    expect(JSON.parse(encodeRecord(session))).toEqual({ v: 1, session });
  });

  it('round-trips a session unchanged, and says nothing was repaired', () => {
    expect(decodeRecord(encodeRecord(session))).toEqual({ ok: true, migrated: false, repaired: false, session });
  });

  it.each(['{"v":1,"session":', '', 'undefined', "{'v':1}"])('reports %j as corrupt', text => {
    expect(decodeRecord(text)).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('reports a record of a newer schema version as newer-version', () => {
    expect(decodeRecord(raw({ v: 2, session }))).toEqual({ ok: false, reason: 'newer-version' });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a list', [1, { session }]],
    ['a record without a version', { session }],
    ['a string version', { v: '1', session }],
    ['a fractional version', { v: 0.5, session }],
    ['an older version without a reader', { v: 0, session }],
    ['a record without a session', { v: 1 }],
    ['a session that is a string', { v: 1, session: 'hello' }],
    ['a session without an id', { v: 1, session: { ...session, id: undefined } }],
    ['a session with an empty id', { v: 1, session: { ...session, id: '' } }],
    ['a session with an object id', { v: 1, session: { ...session, id: { toString: 's1' } } }],
  ])('reports %s as invalid', (_name, record) => {
    expect(decodeRecord(raw(record))).toEqual({ ok: false, reason: 'invalid' });
  });

  describe('a session with unreadable fields is kept whenever its id is usable', () => {
    it('takes the id the storage knows it by, whatever the record says', () => {
      expect(decoded(withSession({ id: undefined }), { id: 'from-key' }).id).toBe('from-key');
      expect(decoded(withSession({ id: 'copied-elsewhere' }), { id: 'from-key' }).id).toBe('from-key');
    });

    it('replaces an unreadable title, flag and status with defaults', () => {
      const restored = decoded(withSession({ title: 3, customTitle: 'yes', status: 'thinking' }));
      expect(restored).toMatchObject({ title: 'New chat', customTitle: false, status: 'idle' });
      expect(restored.messages).toEqual([user, reply]);
    });

    it('bounds a title to 200 characters', () => {
      expect(decoded(withSession({ title: 'x'.repeat(10_000), createdAt: 'junk' })).title).toHaveLength(200);
    });

    it('takes unreadable times from the other time, then from the messages, then from now', () => {
      expect(decoded(withSession({ createdAt: '2024-01-01' })).createdAt).toBe(session.updatedAt);
      expect(decoded(withSession({ createdAt: -5, updatedAt: null })).updatedAt).toBe(reply.createdAt);
      expect(decoded(withSession({ createdAt: null, updatedAt: null, messages: [] }), { now: 42 })).toMatchObject({
        createdAt: 42,
        updatedAt: 42,
      });
    });

    it('refuses times a Date cannot show, including JSON numbers too big for a double', () => {
      const text = withSession({ createdAt: 'PLACEHOLDER', updatedAt: 9e15 }).replace('"PLACEHOLDER"', '1e400');
      const restored = decoded(text, { now: 7 });
      expect(restored.createdAt).toBe(user.createdAt);
      expect(restored.updatedAt).toBe(reply.createdAt);
    });

    it('drops optional fields of the wrong type', () => {
      const restored = decoded(withSession({ unread: 'no', contextId: { id: 1 }, taskId: 5, pruned: 'maybe' }));
      expect(restored).not.toHaveProperty('unread');
      expect(restored).not.toHaveProperty('contextId');
      expect(restored).not.toHaveProperty('taskId');
      expect(restored).not.toHaveProperty('pruned');
    });

    it('leaves unreadable messages out and counts them, keeping the others in order', () => {
      const messages = [
        user,
        null,
        'hello',
        { id: 'x', role: 'system', text: 'You are…' },
        { id: 7, role: 'user', text: 'numeric id' },
        { id: 'y', role: 'agent', text: { rich: true }, status: 'complete' },
        reply,
      ];

      const restored = decoded(withSession({ messages, unrestoredMessages: 2 }));

      expect(restored.messages).toEqual([user, reply]);
      expect(restored.unrestoredMessages).toBe(7);
    });

    it('counts a message list that is not a list as one unreadable message', () => {
      const restored = decoded(withSession({ messages: { 0: user } }));
      expect(restored.messages).toEqual([]);
      expect(restored.unrestoredMessages).toBe(1);
    });

    it('says what was repaired', () => {
      expect(decodeRecord(withSession({ title: 3 }))).toMatchObject({ ok: true, repaired: true, migrated: false });
    });
  });

  describe('a message with an unreadable part loses that part only, and names it', () => {
    it.each([
      ['plan', { plan: { steps: 'build, test' } }],
      ['plan', { plan: { title: 'T', steps: [{ id: 's', title: 'S', status: 'done' }] } }],
      ['planHistory', { planHistory: [{ steps: [null] }] }],
      ['tools', { tools: 'search' }],
      ['tools', { tools: [{ callId: 'c', name: { $: 'x' }, status: 'completed' }] }],
      ['form', { form: { title: 'T', fields: 'env' } }],
      ['form', { form: { title: 'T', fields: [{ ...reply.form!.fields[0], options: 'dev' }] } }],
      ['form', { form: { title: 'T', fields: [{ ...reply.form!.fields[0], default: { nested: true } }] } }],
      ['artifacts', { artifacts: { artifactId: 'x', name: 'n', text: 't' } }],
      ['artifacts', { artifacts: [{ artifactId: 'x', name: 'n', text: ['t'] }] }],
      ['error', { error: { kind: 'http', message: { text: 'Bad' } } }],
      ['error', { error: { kind: 'meltdown', message: 'Bad' } }],
      ['notice', { notice: { text: 'Canceled' } }],
      ['taskId', { taskId: 12 }],
      ['formAnswered', { formAnswered: 'yes' }],
    ])('%s: %j', (part, patch) => {
      const restored = decoded(withReply(patch)).messages[1] as AgentMessage;

      expect(restored.unrestored).toEqual([part]);
      expect(restored).not.toHaveProperty(part);
      const { [part as keyof AgentMessage]: _dropped, ...others } = reply;
      expect(restored).toEqual({ ...others, unrestored: [part] });
    });

    it('restores an unknown reply status as interrupted (the user decides what next) and says so', () => {
      const restored = decoded(withReply({ status: 'thinking' })).messages[1] as AgentMessage;
      expect(restored.status).toBe('interrupted');
      expect(restored.unrestored).toEqual(['status']);
    });

    it('refuses non-finite numbers in a part: JSON numbers too big for a double', () => {
      const text = withReply({ form: { ...reply.form!, fields: [{ ...reply.form!.fields[0], min: 'BIG' }] } }).replace(
        '"BIG"',
        '-1e999',
      );
      const restored = decoded(text).messages[1] as AgentMessage;
      expect(restored.unrestored).toEqual(['form']);
      expect(restored.form).toBeUndefined();
    });

    it('drops form answers that are not plain values from a user message', () => {
      const text = withSession({ messages: [{ ...user, data: { env: { nested: 'prod' } } }] });
      const restored = decoded(text).messages[0] as UserMessage;
      expect(restored).toEqual({ ...user, unrestored: ['data'] });
    });

    it('keeps a message whose createdAt is unreadable, at the time of the one before', () => {
      const restored = decoded(withReply({ createdAt: 'yesterday' })).messages[1];
      expect(restored.createdAt).toBe(user.createdAt);
      expect(restored.unrestored).toBeUndefined();
    });

    it('adds to the parts an earlier load already named, and drops an unreadable note', () => {
      const first = decoded(withReply({ tools: 'search', unrestored: ['plan'] })).messages[1];
      expect(first.unrestored).toEqual(['plan', 'tools']);
      const second = decoded(withReply({ unrestored: ['everything'], truncatedForStorage: { savedChars: -1 } }));
      expect(second.messages[1]).toEqual(reply);
    });
  });

  describe('keys are data', () => {
    it('reads no field through a "__proto__" key, and pollutes nothing', () => {
      const text =
        '{"v":1,"session":{"__proto__":{"id":"via-proto","title":"T"},"id":"s1","title":"T","createdAt":1,' +
        '"updatedAt":2,"status":"idle","messages":[' +
        '{"__proto__":{"id":"m0","role":"user","text":"only in __proto__"}},' +
        '{"id":"m1","role":"agent","text":"hi","createdAt":3,"status":"complete","__proto__":{"polluted":true},' +
        '"plan":{"steps":[],"__proto__":{"title":"x"}},"tools":"bad"}]}}';

      const restored = decoded(text);

      expect(restored.id).toBe('s1');
      expect(restored.unrestoredMessages).toBe(1);
      expect(restored.messages).toEqual([
        { id: 'm1', role: 'agent', text: 'hi', createdAt: 3, status: 'complete', plan: { steps: [] }, unrestored: ['tools'] },
      ]);
      expect(Object.prototype.hasOwnProperty.call(restored.messages[0], '__proto__')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(restored.messages[0])).toBe(Object.prototype);
    });
  });

  describe('versions', () => {
    it('reads an older version with its own reader and says it was migrated', () => {
      // A made-up version 0 whose sessions called the title "name".
      const readV0 = (value: unknown, context: { id?: string; now: number }) => {
        const { name, ...rest } = value as { name: string };
        return salvageSessionV1({ ...rest, title: name, customTitle: false }, context);
      };
      const decode = recordDecoder({ 0: readV0, 1: salvageSessionV1 }, 1);
      const { title, ...v0 } = session;

      const result = decode(raw({ v: 0, session: { ...v0, name: title } }));

      expect(result).toEqual({ ok: true, migrated: true, repaired: false, session: { ...session, customTitle: false } });
      expect(decode(raw({ v: 1, session }))).toEqual({ ok: true, migrated: false, repaired: false, session });
      expect(decode(raw({ v: 2, session }))).toEqual({ ok: false, reason: 'newer-version' });
    });
  });

});

describe('form answers under any name', () => {
  const answer = JSON.parse('{"__proto__":"yes","constructor":"no","env":"prod"}');
  const answered = (patch: Record<string, unknown>) =>
    raw({ v: 1, session: { ...session, messages: [{ ...user, data: answer, ...patch }, reply] } });

  it('keeps a __proto__ answer as an own key when the record is read as written', () => {
    const data = (decoded(answered({})).messages[0] as UserMessage).data!;
    expect(Object.getOwnPropertyNames(data)).toEqual(['__proto__', 'constructor', 'env']);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toBe('yes');
  });

  it('keeps it too when the message is repaired (read by the schema)', () => {
    const data = (decoded(answered({ createdAt: 'yesterday' })).messages[0] as UserMessage).data!;
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toBe('yes');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
});
