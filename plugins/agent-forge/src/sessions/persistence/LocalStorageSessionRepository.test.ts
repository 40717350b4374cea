import { waitFor } from '@testing-library/react';
import { InMemorySessionRepository } from './InMemorySessionRepository';
import { LocalStorageSessionRepository, STORAGE_UNAVAILABLE_WARNING } from './LocalStorageSessionRepository';
import { encodeRecord, type PersistedSession } from './records';
import { StorageQuotaError } from './SessionRepository';

const JANE = 'user:default/jane';
const JOHN = 'user:default/john';
const JANE_PREFIX = 'agent-forge:user%3Adefault%2Fjane:';

function session(id: string, text = `Hello from ${id}`): PersistedSession {
  return {
    id,
    title: `Chat ${id}`,
    customTitle: false,
    createdAt: 1_000,
    updatedAt: 2_000,
    status: 'idle',
    messages: [{ id: `${id}-m1`, role: 'user', text, createdAt: 1_000 }],
  };
}

function open(namespace: string): LocalStorageSessionRepository {
  const repository = LocalStorageSessionRepository.create({ namespace });
  expect(repository).toBeInstanceOf(LocalStorageSessionRepository);
  return repository as LocalStorageSessionRepository;
}

describe('LocalStorageSessionRepository', () => {
  beforeEach(() => {
    window.localStorage.clear();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    window.localStorage.clear();
  });

  it('stores each session under its own key, namespaced by the user ref', async () => {
    const repository = open(JANE);

    await repository.save(session('s1'));
    await repository.save(session('s2'));

    expect(Object.keys(window.localStorage).sort()).toEqual([`${JANE_PREFIX}session:s1`, `${JANE_PREFIX}session:s2`]);
    expect(JSON.parse(window.localStorage.getItem(`${JANE_PREFIX}session:s1`)!)).toEqual({ v: 1, session: session('s1') });
  });

  it('loads the sessions it saved', async () => {
    const repository = open(JANE);
    await repository.save(session('s1'));
    await repository.save(session('s2'));

    const { sessions, problems } = await open(JANE).load();

    expect(sessions.map(s => s.id).sort()).toEqual(['s1', 's2']);
    expect(sessions.find(s => s.id === 's1')).toEqual(session('s1'));
    expect(problems).toEqual([]);
  });

  it('writes only the saved session, never the others, and does not write on load', async () => {
    const repository = open(JANE);
    await repository.save(session('s1'));
    await repository.save(session('s2'));
    await repository.save(session('s3'));
    const setItem = jest.spyOn(Storage.prototype, 'setItem');

    await repository.save(session('s2', 'edited'));
    await repository.load();

    expect(setItem).toHaveBeenCalledTimes(1);
    expect(setItem).toHaveBeenCalledWith(`${JANE_PREFIX}session:s2`, encodeRecord(session('s2', 'edited')));
  });

  it('removes one session', async () => {
    const repository = open(JANE);
    await repository.save(session('s1'));
    await repository.save(session('s2'));

    await repository.remove('s1');

    expect(window.localStorage.getItem(`${JANE_PREFIX}session:s1`)).toBeNull();
    expect((await repository.load()).sessions.map(s => s.id)).toEqual(['s2']);
  });

  it('keeps the sessions of two users apart', async () => {
    await open(JANE).save(session('jane-1'));
    await open(JOHN).save(session('john-1'));

    expect((await open(JANE).load()).sessions.map(s => s.id)).toEqual(['jane-1']);
    expect((await open(JOHN).load()).sessions.map(s => s.id)).toEqual(['john-1']);
  });

  it('does not let a user ref containing the key separator reach into another namespace', async () => {
    await open('a:session:b').save(session('x'));

    expect((await open('a').load()).sessions).toEqual([]);
  });

  it('ignores keys that are not sessions of this user', async () => {
    window.localStorage.setItem('other-app:settings', '{"v":1}');
    window.localStorage.setItem(`${JANE_PREFIX}active`, 's1');

    expect(await open(JANE).load()).toEqual({ sessions: [], problems: [] });
  });

  it('reports corrupt, newer-version and invalid entries as problems and leaves them untouched', async () => {
    const corrupt = '{"v":1,"session":{"id":"s';
    const newer = JSON.stringify({ v: 99, session: { id: 'future', somethingNew: true } });
    const invalid = JSON.stringify({ v: 1, session: 'not a session' });
    window.localStorage.setItem(`${JANE_PREFIX}session:corrupt`, corrupt);
    window.localStorage.setItem(`${JANE_PREFIX}session:future`, newer);
    window.localStorage.setItem(`${JANE_PREFIX}session:invalid`, invalid);
    const repository = open(JANE);
    await repository.save(session('good'));

    const { sessions, problems } = await repository.load();

    expect(sessions.map(s => s.id)).toEqual(['good']);
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: `${JANE_PREFIX}session:corrupt`, reason: 'corrupt' },
        { key: `${JANE_PREFIX}session:future`, reason: 'newer-version' },
        { key: `${JANE_PREFIX}session:invalid`, reason: 'invalid' },
      ]),
    );
    expect(problems).toHaveLength(3);
    expect(window.localStorage.getItem(`${JANE_PREFIX}session:corrupt`)).toBe(corrupt);
    expect(window.localStorage.getItem(`${JANE_PREFIX}session:future`)).toBe(newer);
    expect(window.localStorage.getItem(`${JANE_PREFIX}session:invalid`)).toBe(invalid);
  });

  it('keeps a record with unreadable parts under its key, and stores it back as read', async () => {
    const stored = { v: 1, session: { ...session('s1'), id: 'other', title: 7, messages: [session('s1').messages[0], 'junk'] } };
    window.localStorage.setItem(`${JANE_PREFIX}session:s1`, JSON.stringify(stored));

    const { sessions, problems } = await open(JANE).load();

    const repaired = { ...session('s1'), title: 'New chat', unrestoredMessages: 1 };
    expect(problems).toEqual([]);
    expect(sessions).toEqual([repaired]);
    expect(JSON.parse(window.localStorage.getItem(`${JANE_PREFIX}session:s1`)!)).toEqual({ v: 1, session: repaired });
  });

  it('reads one session as stored right now', async () => {
    const repository = open(JANE);
    await repository.save(session('s1'));
    window.localStorage.setItem(`${JANE_PREFIX}session:bad`, '{broken');

    expect(await repository.read!('s1')).toEqual(session('s1'));
    expect(await repository.read!('bad')).toBeUndefined();
    expect(await repository.read!('missing')).toBeUndefined();
  });

  it('throws StorageQuotaError when the browser storage quota is exceeded', async () => {
    window.localStorage.setItem('junk', 'x'.repeat(4_900_000));
    const repository = open(JANE);
    await repository.save(session('small'));

    const saving = repository.save(session('big', 'y'.repeat(200_000)));

    await expect(saving).rejects.toBeInstanceOf(StorageQuotaError);
    await expect(saving).rejects.toMatchObject({ cause: { name: 'QuotaExceededError' } });
    expect(window.localStorage.getItem(`${JANE_PREFIX}session:big`)).toBeNull();
    expect((await repository.load()).sessions.map(s => s.id)).toEqual(['small']);
  });

  it('still uses a completely full localStorage, where a record cut to fit can free room', async () => {
    // Fill the 5 000 000-code-unit jsdom quota exactly: not even the probe fits.
    window.localStorage.setItem('junk', 'x'.repeat(5_000_000 - 'junk'.length));
    expect(() => window.localStorage.setItem('p', '1')).toThrow(/quota has been exceeded/);

    const repository = LocalStorageSessionRepository.create({ namespace: JANE });

    expect(repository).toBeInstanceOf(LocalStorageSessionRepository);
    expect(repository.warning).toBeUndefined();
  });

  it('falls back to memory with a warning when storage throws on access', async () => {
    const denied = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const storage = {
      getItem: denied,
      setItem: denied,
      removeItem: denied,
      key: denied,
      clear: denied,
      get length(): number {
        return denied();
      },
    } as unknown as Storage;

    const repository = LocalStorageSessionRepository.create({ namespace: JANE, storage });
    await repository.save(session('s1'));

    expect(repository).toBeInstanceOf(InMemorySessionRepository);
    expect(repository.warning).toBe(STORAGE_UNAVAILABLE_WARNING);
    expect((await repository.load()).sessions).toEqual([session('s1')]);
  });

  it('falls back to memory when reading window.localStorage itself throws', () => {
    jest.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    });

    const repository = LocalStorageSessionRepository.create({ namespace: JANE });

    expect(repository).toBeInstanceOf(InMemorySessionRepository);
    expect(repository.warning).toBe(STORAGE_UNAVAILABLE_WARNING);
  });

  it('round-trips the active session id per user', () => {
    const repository = open(JANE);

    repository.saveActiveSessionId('s2');

    expect(window.localStorage.getItem(`${JANE_PREFIX}active`)).toBe('s2');
    expect(open(JANE).loadActiveSessionId()).toBe('s2');
    expect(open(JOHN).loadActiveSessionId()).toBeUndefined();

    repository.saveActiveSessionId(undefined);
    expect(open(JANE).loadActiveSessionId()).toBeUndefined();
  });

  describe('watch', () => {
    function storageEvent(key: string, newValue: string | null, storageArea: Storage = window.localStorage) {
      window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea }));
    }

    /** Resolves once the listener got the removal of `marker`: every change before it has been handed on. */
    async function handedOn(listener: jest.Mock, marker = 'marker'): Promise<void> {
      storageEvent(`${JANE_PREFIX}session:${marker}`, null);
      await waitFor(() => expect(listener).toHaveBeenCalledWith({ type: 'remove', id: marker }));
    }

    it('reports sessions written and removed by another tab, in order', async () => {
      const listener = jest.fn();
      const stop = open(JANE).watch(listener);

      storageEvent(`${JANE_PREFIX}session:s1`, encodeRecord(session('s1')));
      storageEvent(`${JANE_PREFIX}session:s1`, null);
      // Needs the record schemas, loaded on first need: still handed on in order.
      storageEvent(`${JANE_PREFIX}session:s2`, JSON.stringify({ v: 1, session: { ...session('x'), messages: 'junk' } }));
      storageEvent(`${JANE_PREFIX}session:s3`, encodeRecord(session('s3')));
      await handedOn(listener);
      stop();

      expect(listener.mock.calls).toEqual([
        [{ type: 'upsert', session: session('s1') }],
        [{ type: 'remove', id: 's1' }],
        [{ type: 'upsert', session: { ...session('s2'), title: 'Chat x', messages: [], unrestoredMessages: 1 } }],
        [{ type: 'upsert', session: session('s3') }],
        [{ type: 'remove', id: 'marker' }],
      ]);
    });

    it('ignores other users, other keys, unreadable values and other storage areas', async () => {
      const listener = jest.fn();
      const stop = open(JANE).watch(listener);

      storageEvent(`agent-forge:user%3Adefault%2Fjohn:session:s1`, encodeRecord(session('s1')));
      storageEvent(`${JANE_PREFIX}active`, 's1');
      storageEvent(`${JANE_PREFIX}session:s1`, '{broken');
      storageEvent(`${JANE_PREFIX}session:s1`, encodeRecord(session('s1')), window.sessionStorage);
      await handedOn(listener);
      stop();

      expect(listener.mock.calls).toEqual([[{ type: 'remove', id: 'marker' }]]);
    });

    it('stops reporting after unsubscribing, also what was on its way', async () => {
      const listener = jest.fn();
      const repository = open(JANE);
      const stop = repository.watch(listener);
      storageEvent(`${JANE_PREFIX}session:s2`, JSON.stringify({ v: 1, session: { ...session('x'), messages: 'junk' } }));
      stop();
      storageEvent(`${JANE_PREFIX}session:s1`, null);

      const after = jest.fn();
      const stopAfter = repository.watch(after);
      await handedOn(after);
      stopAfter();
      expect(listener).not.toHaveBeenCalled();
    });
  });
});
