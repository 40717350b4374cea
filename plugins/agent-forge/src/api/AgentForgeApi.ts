import { createApiRef } from '@backstage/core-plugin-api';
import type { AgentClient, ProtocolPreference } from '../a2a/AgentClient';

/** Settings the UI reads from `agentForge.*` in app-config. */
export interface AgentForgeSettings {
  /** Overrides the agent card's name in the UI. */
  botName?: string;
  /** Extra prompts for empty chats, besides the card's skill examples. */
  suggestions: string[];
  /** Hosts agent replies may load images from. */
  imageAllowedHosts: string[];
  protocol: ProtocolPreference;
  /** Time allowed for the first event of a reply, from when it is sent. */
  requestTimeoutMs: number;
  /** Time allowed between two events of a reply before it is interrupted. */
  streamIdleTimeoutMs: number;
  /** Streams per origin at once over HTTP/1.1 (others wait, queued). */
  maxStreamsPerOrigin: number;
  /** Direct mode: further origins the agent card's interface URLs may use. */
  allowedInterfaceOrigins: string[];
  retention: { maxSessions: number; maxAgeDays: number };
}

/** Access to the configured A2A agent. */
export interface AgentForgeApi {
  /**
   * The shared client for the configured agent. Concurrent callers share one
   * connection attempt; a failed attempt is forgotten so the next call retries.
   */
  getClient(): Promise<AgentClient>;
  /** Forgets the connected client so that the next `getClient()` reconnects. */
  reconnect(): void;
  getSettings(): AgentForgeSettings;
}

export const agentForgeApiRef = createApiRef<AgentForgeApi>({
  id: 'plugin.agent-forge.service',
});
