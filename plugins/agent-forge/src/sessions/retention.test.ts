import type { AgentClient } from '../a2a/AgentClient';
import { InMemorySessionRepository } from './persistence/InMemorySessionRepository';
import type { PersistedSession } from './persistence/records';
import { SessionManager } from './SessionManager';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 100 * DAY;

function stored(id: string, ageDays: number, status: PersistedSession['status'] = 'idle'): PersistedSession {
  return {
    id,
    title: id,
    customTitle: false,
    createdAt: NOW - ageDays * DAY,
    updatedAt: NOW - ageDays * DAY,
    status,
    messages: [{ id: `${id}-m`, role: 'user', text: `hello from ${id}`, createdAt: NOW - ageDays * DAY }],
  };
}

async function managerWith(records: PersistedSession[], retention: { maxSessions?: number; maxAgeDays?: number }) {
  const repository = new InMemorySessionRepository();
  for (const record of records) await repository.save(record);
  const manager = new SessionManager({
    getClient: () => Promise.reject(new Error('no agent needed')) as Promise<AgentClient>,
    repository,
    retention,
    now: () => NOW,
  });
  await manager.load();
  return { manager, repository };
}

describe('retention', () => {
  it('deletes sessions idle for longer than maxAgeDays, from memory and storage, and says so', async () => {
    const { manager, repository } = await managerWith(
      [stored('fresh', 1), stored('month-old', 29), stored('stale', 31), stored('ancient', 90)],
      { maxAgeDays: 30 },
    );
    expect(manager.getSnapshot().sessions.map(s => s.id)).toEqual(['fresh', 'month-old']);
    expect(repository.size).toBe(2);
    expect(manager.getSnapshot().notices).toEqual([
      { kind: 'expired', tooOld: 2, overLimit: 0, maxAgeDays: 30, maxSessions: 100 },
    ]);
  });

  it('says nothing when nothing was deleted', async () => {
    const { manager } = await managerWith([stored('fresh', 1)], { maxAgeDays: 30 });
    expect(manager.getSnapshot().notices).toEqual([]);
  });

  it('counts chats deleted for their age and for the limit apart', async () => {
    const { manager } = await managerWith(
      [stored('a', 1), stored('b', 2), stored('c', 3), stored('old', 40)],
      { maxSessions: 2, maxAgeDays: 30 },
    );
    expect(manager.getSnapshot().notices).toEqual([
      { kind: 'expired', tooOld: 1, overLimit: 1, maxAgeDays: 30, maxSessions: 2 },
    ]);
  });

  it('keeps at most maxSessions, dropping the oldest first, and says so', async () => {
    const { manager, repository } = await managerWith(
      [stored('a', 5), stored('b', 4), stored('c', 3), stored('d', 2), stored('e', 1)],
      { maxSessions: 3 },
    );
    expect(manager.getSnapshot().sessions.map(s => s.id)).toEqual(['e', 'd', 'c']);
    expect(repository.size).toBe(3);
    expect(manager.getSnapshot().notices).toEqual([
      { kind: 'expired', tooOld: 0, overLimit: 2, maxAgeDays: 30, maxSessions: 3 },
    ]);
  });

  it('never deletes a session whose reply was interrupted, however old', async () => {
    const { manager } = await managerWith([stored('old-but-live', 90, 'streaming'), stored('new', 1)], {
      maxSessions: 1,
      maxAgeDays: 30,
    });
    expect(manager.getSnapshot().sessions.map(s => s.id).sort()).toEqual(['new', 'old-but-live']);
    expect(manager.getSession('old-but-live')!.getSnapshot().status).toBe('interrupted');
  });

  it('creating a session beyond maxSessions removes the oldest idle one, not the active one, and says so', async () => {
    const { manager, repository } = await managerWith([stored('old', 3), stored('older', 4)], { maxSessions: 2 });
    manager.setActive('older');
    const created = manager.createSession();
    expect(manager.getSnapshot().sessions.map(s => s.id).sort()).toEqual([created.id, 'old'].sort());
    expect(repository.size).toBe(2);
    expect(manager.getSnapshot().notices).toEqual([
      { kind: 'expired', tooOld: 0, overLimit: 1, maxAgeDays: 30, maxSessions: 2 },
    ]);
  });
});
