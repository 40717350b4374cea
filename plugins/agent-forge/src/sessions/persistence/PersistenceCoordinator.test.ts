import type { ChatMessage } from '../model';
import type { StorageNotice } from './notices';
import { PersistenceCoordinator, type Persistable } from './PersistenceCoordinator';
import type { PersistedSession } from './records';
import type { SessionRepository } from './SessionRepository';

const START = 1_700_000_000_000;

class FakeSession implements Persistable {
  messages: ChatMessage[];

  constructor(readonly id: string, texts: string[] = ['hello']) {
    this.messages = texts.map((text, i) => ({ id: `${id}-${i}`, role: 'user', text, createdAt: i }));
  }

  say(text: string): void {
    this.messages = [...this.messages, { id: `${this.id}-${this.messages.length}`, role: 'user', text, createdAt: this.messages.length }];
  }

  toRecord(): PersistedSession {
    return {
      id: this.id,
      title: `Chat ${this.id}`,
      customTitle: false,
      createdAt: 0,
      updatedAt: 0,
      status: 'idle',
      messages: this.messages,
    };
  }
}

/** Records every write with the (fake) time it happened, relative to START. */
class CountingRepository implements SessionRepository {
  readonly writes: Array<{ at: number; record: PersistedSession }> = [];

  async load() {
    return { sessions: [], problems: [] };
  }

  async save(record: PersistedSession): Promise<void> {
    this.writes.push({ at: Date.now() - START, record });
  }

  async remove(): Promise<void> {}

  loadActiveSessionId(): string | undefined {
    return undefined;
  }

  saveActiveSessionId(): void {}

  get ids(): string[] {
    return this.writes.map(w => w.record.id);
  }

  get times(): number[] {
    return this.writes.map(w => w.at);
  }
}

function setup(repository: SessionRepository) {
  const notices: StorageNotice[] = [];
  const coordinator = new PersistenceCoordinator<FakeSession>(repository, {
    onNotice: notice => notices.push(notice),
  });
  return { coordinator, notices };
}

describe('PersistenceCoordinator', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  describe('timing', () => {
    it.each(['now', 'anchor'] as const)('writes at once on a %s change', urgency => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);

      coordinator.changed(new FakeSession('a'), urgency);

      expect(repository.ids).toEqual(['a']);
    });

    it('writes a soon change after 250 ms, with the state of that moment', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);
      const session = new FakeSession('a', ['question']);

      coordinator.changed(session, 'soon');
      session.say('more');
      jest.advanceTimersByTime(249);
      expect(repository.writes).toHaveLength(0);

      jest.advanceTimersByTime(1);
      expect(repository.times).toEqual([250]);
      expect(repository.writes[0].record.messages.map(m => m.text)).toEqual(['question', 'more']);
    });

    it('coalesces several soon changes into one write', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);
      const session = new FakeSession('a');

      coordinator.changed(session, 'soon');
      jest.advanceTimersByTime(100);
      coordinator.changed(session, 'soon');
      jest.advanceTimersByTime(1000);

      expect(repository.times).toEqual([250]);
    });

    it('writes a pending soon change early when an anchor arrives, and only once', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);
      const session = new FakeSession('a');

      coordinator.changed(session, 'soon');
      jest.advanceTimersByTime(100);
      coordinator.changed(session, 'anchor');
      jest.advanceTimersByTime(1000);

      expect(repository.times).toEqual([100]);
    });

    it('writes a streaming session at most once per second', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);
      const session = new FakeSession('a');

      coordinator.changed(session, 'anchor');
      for (let t = 30; t <= 3000; t += 30) {
        jest.advanceTimersByTime(30);
        session.say(`chunk at ${t}`);
        coordinator.changed(session, 'stream');
      }
      coordinator.changed(session, 'now');
      jest.advanceTimersByTime(5000);

      // The anchor, one write per elapsed second of streaming, the end of the turn.
      expect(repository.times).toEqual([0, 1000, 2000, 3000, 3000]);
      expect(repository.writes[4].record.messages).toHaveLength(101);
    });

    it('writes the first stream change of a session on the next tick', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);

      coordinator.changed(new FakeSession('a'), 'stream');
      expect(repository.writes).toHaveLength(0);

      jest.advanceTimersByTime(0);
      expect(repository.times).toEqual([0]);
    });

    it('throttles two sessions independently', () => {
      const repository = new CountingRepository();
      const { coordinator } = setup(repository);
      const a = new FakeSession('a');
      const b = new FakeSession('b');

      coordinator.changed(a, 'anchor');
      jest.advanceTimersByTime(500);
      coordinator.changed(b, 'anchor');
      jest.advanceTimersByTime(100);
      coordinator.changed(a, 'stream');
      coordinator.changed(b, 'stream');
      jest.advanceTimersByTime(2000);

      expect(repository.writes.map(w => [w.record.id, w.at])).toEqual([
        ['a', 0],
        ['b', 500],
        ['a', 1000],
        ['b', 1500],
      ]);
    });
  });

  it('flushes only sessions with a pending write', () => {
    const repository = new CountingRepository();
    const { coordinator } = setup(repository);
    const pendingSoon = new FakeSession('soon');
    const idle = new FakeSession('idle');
    const streaming = new FakeSession('streaming');
    coordinator.changed(streaming, 'anchor');
    jest.advanceTimersByTime(10);
    coordinator.changed(pendingSoon, 'soon');
    coordinator.changed(streaming, 'stream');

    coordinator.flush([pendingSoon, idle, streaming]);
    jest.advanceTimersByTime(5000);

    expect(repository.writes.map(w => [w.record.id, w.at])).toEqual([
      ['streaming', 0],
      ['soon', 10],
      ['streaming', 10],
    ]);
  });

  it('cancels the pending write of a forgotten session', () => {
    const repository = new CountingRepository();
    const { coordinator } = setup(repository);
    const deleted = new FakeSession('deleted');
    const kept = new FakeSession('kept');
    coordinator.changed(deleted, 'soon');
    coordinator.changed(kept, 'soon');

    coordinator.forget('deleted');
    jest.advanceTimersByTime(1000);

    expect(repository.ids).toEqual(['kept']);
  });

  it('cancels every pending write on dispose', () => {
    const repository = new CountingRepository();
    const { coordinator } = setup(repository);
    coordinator.changed(new FakeSession('a'), 'soon');
    coordinator.changed(new FakeSession('b'), 'stream');

    coordinator.dispose();
    jest.advanceTimersByTime(5000);

    expect(repository.writes).toHaveLength(0);
  });

  it('reports a write failure other than a full storage, once, with its reason', async () => {
    const repository = new CountingRepository();
    jest.spyOn(repository, 'save').mockRejectedValue(new Error('disk on fire'));
    const { coordinator, notices } = setup(repository);
    const session = new FakeSession('a');

    coordinator.changed(session, 'now');
    await coordinator.settled();
    coordinator.changed(session, 'now');
    await coordinator.settled();

    expect(notices).toEqual([{ kind: 'save-failed', sessionId: 'a', title: 'Chat a', detail: 'disk on fire' }]);
  });
});
