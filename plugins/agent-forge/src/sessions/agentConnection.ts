import type { AgentClient } from '../a2a/AgentClient';
import { cardForDisplay } from '../a2a/cardDisplay';
import { classifyAgentError, type AgentError } from '../a2a/errors';
import type { AgentCardSummary } from '../a2a/types';
import { InFlight } from '../lib/InFlight';

export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'connected'; card: AgentCardSummary }
  | { status: 'error'; error: AgentError };

export interface AgentConnectionOptions {
  /** The shared agent client (in the app: AgentForgeApi.getClient). */
  getClient(): Promise<AgentClient>;
  /** Forget the client so that the next getClient() reads the card again. */
  reconnect?(): void;
  onChange(state: ConnectionState): void;
}

/**
 * The agent connection as the page header shows it. Not only the page's own
 * connect: every request of every session reports here, so the header says
 * "Connected" again as soon as anything reaches the agent after it was
 * unavailable, and says what went wrong when a send fails in a way that
 * means the cached card no longer fits the agent (its endpoint moved): that
 * client is forgotten, so the next attempt (the user's Retry; nothing is
 * re-sent by itself) reads the card again.
 */
export class AgentConnection {
  private current: ConnectionState = { status: 'idle' };
  private readonly attempts = new InFlight<'connect', void>();

  constructor(private readonly options: AgentConnectionOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Resolves the client and card for the header; concurrent callers share one attempt. */
  connect(): Promise<void> {
    return this.attempts.run('connect', async () => {
      this.set({ status: 'connecting' });
      // The outcome is in the state; the header has nothing to rethrow to.
      await this.getClient().catch(() => undefined);
    });
  }

  retry(): Promise<void> {
    this.options.reconnect?.();
    return this.connect();
  }

  /** The client for a request; whether it could be had shows in the state. */
  async getClient(): Promise<AgentClient> {
    try {
      const client = await this.options.getClient();
      this.reached(client);
      return client;
    } catch (error) {
      this.set({ status: 'error', error: classifyAgentError(error) });
      throw error;
    }
  }

  /** The agent answered through this client. */
  reached(client: AgentClient): void {
    const card = cardForDisplay(client.card);
    if (this.current.status === 'connected' && this.current.card === card) return;
    this.set({ status: 'connected', card });
  }

  /**
   * A request failed before the agent answered in a way that suggests the
   * card is stale (HTTP 404 or 405 from its endpoint, connection refused).
   */
  endpointFailed(error: AgentError): void {
    this.options.reconnect?.();
    this.set({ status: 'error', error });
  }

  private set(state: ConnectionState): void {
    this.current = state;
    this.options.onChange(state);
  }
}

/** Whether a failure before the first event suggests the card's endpoint is gone or moved. */
export function suggestsStaleCard(error: AgentError): boolean {
  return error.status === 404 || error.status === 405 || error.kind === 'network';
}
