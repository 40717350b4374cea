import { createContext, useContext } from 'react';
import type { AgentForgeSettings } from '../api';
import type { SessionManager } from '../sessions/SessionManager';

export interface AgentForgeContextValue {
  manager: SessionManager;
  settings: AgentForgeSettings;
  /** The name to show for the agent: config, then card, then a generic one. */
  agentName: string;
  /** Keeps each session's unsent text while the user looks elsewhere. */
  drafts: Map<string, string>;
}

const AgentForgeContext = createContext<AgentForgeContextValue | undefined>(undefined);

export const AgentForgeProvider = AgentForgeContext.Provider;

export function useAgentForge(): AgentForgeContextValue {
  const value = useContext(AgentForgeContext);
  if (!value) throw new Error('useAgentForge must be used inside the Agent Forge page');
  return value;
}
