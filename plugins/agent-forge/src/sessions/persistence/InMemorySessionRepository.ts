import type { PersistedSession } from './records';
import type { SessionRepository } from './SessionRepository';

/** Keeps sessions for the life of the page: tests, and the fallback without localStorage. */
export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, PersistedSession>();
  private activeId?: string;

  constructor(readonly warning?: string) {}

  async load() {
    return { sessions: Array.from(this.sessions.values()), problems: [] };
  }

  async save(session: PersistedSession): Promise<void> {
    this.sessions.set(session.id, session);
  }

  async remove(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  loadActiveSessionId(): string | undefined {
    return this.activeId;
  }

  saveActiveSessionId(id: string | undefined): void {
    this.activeId = id;
  }

  get size(): number {
    return this.sessions.size;
  }
}
