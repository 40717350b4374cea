import { decodeRecord, encodeRecord, type PersistedSession } from './records';

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
  messages: [
    { id: 'u1', role: 'user', text: 'Deploy api', createdAt: 1_700_000_000_000 },
    { id: 'a1', role: 'agent', text: 'Which env?', createdAt: 1_700_000_001_000, status: 'input-required', taskId: 'task-1' },
  ],
  pruned: false,
};

/** A stored record as raw JSON text. */
const raw = (record: unknown) => JSON.stringify(record);

describe('encodeRecord / decodeRecord', () => {
  it('writes a versioned record', () => {
    expect(JSON.parse(encodeRecord(session))).toEqual({ v: 1, session });
  });

  it('round-trips a session unchanged', () => {
    expect(decodeRecord(encodeRecord(session))).toEqual({ ok: true, migrated: false, session });
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
    ['a record without a version', { session }],
    ['a string version', { v: '1', session }],
    ['an older version without a migration', { v: 0, session }],
    ['a record without a session', { v: 1 }],
    ['a session without an id', { v: 1, session: { ...session, id: undefined } }],
    ['a session with a numeric title', { v: 1, session: { ...session, title: 3 } }],
    ['a session with a string createdAt', { v: 1, session: { ...session, createdAt: '2024-01-01' } }],
    ['a session whose messages are not a list', { v: 1, session: { ...session, messages: {} } }],
  ])('reports %s as invalid', (_name, record) => {
    expect(decodeRecord(raw(record))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('drops messages with bad shapes and keeps the others', () => {
    const messages = [
      session.messages[0],
      null,
      'hello',
      { id: 'x', role: 'system', text: 'You are…' },
      { id: 7, role: 'user', text: 'numeric id' },
      { id: 'y', role: 'agent', text: { rich: true } },
      session.messages[1],
    ];

    const decoded = decodeRecord(raw({ v: 1, session: { ...session, messages } }));

    expect(decoded.ok && decoded.session.messages).toEqual([session.messages[0], session.messages[1]]);
  });

  it('restores an unknown status as idle', () => {
    const decoded = decodeRecord(raw({ v: 1, session: { ...session, status: 'thinking' } }));

    expect(decoded.ok && decoded.session.status).toBe('idle');
  });

  it('defaults a missing customTitle to false', () => {
    const withoutCustomTitle: Partial<PersistedSession> = { ...session };
    delete withoutCustomTitle.customTitle;

    const decoded = decodeRecord(raw({ v: 1, session: withoutCustomTitle }));

    expect(decoded.ok && decoded.session.customTitle).toBe(false);
  });
});
