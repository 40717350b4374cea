/*
 * Per-conversation memory, keyed by the A2A contextId.
 *
 * The agent has no LLM, but a chat client still needs to see that context
 * carries across turns (and that two conversations do not bleed into each
 * other), so each conversation counts its turns and remembers its recent
 * prompts. Conversations idle for longer than the TTL are dropped by a
 * periodic sweep, so a long-running dev agent does not grow without bound.
 * The clock is injectable so the sweep can be tested without sleeping.
 */

export interface ConversationManagerOptions {
  /** Idle time after which a conversation is forgotten. Default 30 minutes. */
  ttlMs?: number;
  /** How often idle conversations are swept. Default 5 minutes. */
  sweepIntervalMs?: number;
  /** Clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** How many recent prompts to remember per conversation. Default 20. */
  maxRememberedPrompts?: number;
  /** Called for each conversation the sweep removes (e.g. to drop its tasks). */
  onExpire?: (contextId: string) => void;
}

/** A read-only snapshot of one conversation after a turn was recorded. */
export interface ConversationTurn {
  contextId: string;
  /** 1 for the first message of the conversation, then 2, 3, ... */
  turn: number;
  /** The prompts of the earlier turns, oldest first (bounded). */
  previousPrompts: string[];
}

export interface ConversationInfo {
  contextId: string;
  turns: number;
  lastActivityAt: number;
}

interface ConversationState {
  turns: number;
  lastActivityAt: number;
  prompts: string[];
}

export const DEFAULT_SESSION_TTL_MS = 30 * 60 * 1000;
export const DEFAULT_SWEEP_INTERVAL_MS = 5 * 60 * 1000;
const MAX_REMEMBERED_PROMPT_LENGTH = 500;

export class ConversationManager {
  private readonly conversations = new Map<string, ConversationState>();
  private readonly ttlMs: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  private readonly maxRememberedPrompts: number;
  private readonly onExpire?: (contextId: string) => void;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ConversationManagerOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    this.maxRememberedPrompts = options.maxRememberedPrompts ?? 20;
    this.onExpire = options.onExpire;
  }

  /**
   * Records one user turn: creates the conversation if needed, bumps its
   * turn counter and activity time, and remembers the prompt.
   */
  recordTurn(contextId: string, prompt: string): ConversationTurn {
    let state = this.conversations.get(contextId);
    if (state && this.isExpired(state)) {
      // Expired but not swept yet: behave as if the sweep had run.
      this.conversations.delete(contextId);
      state = undefined;
    }
    if (!state) {
      state = { turns: 0, lastActivityAt: this.now(), prompts: [] };
      this.conversations.set(contextId, state);
    }
    const previousPrompts = [...state.prompts];
    state.turns += 1;
    state.lastActivityAt = this.now();
    state.prompts.push(prompt.slice(0, MAX_REMEMBERED_PROMPT_LENGTH));
    if (state.prompts.length > this.maxRememberedPrompts) {
      state.prompts.splice(0, state.prompts.length - this.maxRememberedPrompts);
    }
    return { contextId, turn: state.turns, previousPrompts };
  }

  /** Marks a conversation as active without counting a turn (e.g. while streaming). */
  touch(contextId: string): void {
    const state = this.conversations.get(contextId);
    if (state) {
      state.lastActivityAt = this.now();
    }
  }

  /** A snapshot of a live conversation, or undefined if unknown or expired. */
  get(contextId: string): ConversationInfo | undefined {
    const state = this.conversations.get(contextId);
    if (!state || this.isExpired(state)) {
      return undefined;
    }
    return {
      contextId,
      turns: state.turns,
      lastActivityAt: state.lastActivityAt,
    };
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Removes conversations idle for longer than the TTL; returns how many. */
  sweep(): number {
    let removed = 0;
    for (const [contextId, state] of this.conversations) {
      if (this.isExpired(state)) {
        this.conversations.delete(contextId);
        removed += 1;
        this.onExpire?.(contextId);
      }
    }
    return removed;
  }

  /** Starts the periodic sweep. The timer is unref'ed: it never keeps the process alive. */
  start(): void {
    if (this.timer) {
      return;
    }
    this.timer = setInterval(() => this.sweep(), this.sweepIntervalMs);
    this.timer.unref?.();
  }

  /** Stops the periodic sweep and forgets every conversation. */
  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.conversations.clear();
  }

  private isExpired(state: ConversationState): boolean {
    return this.now() - state.lastActivityAt > this.ttlMs;
  }
}
