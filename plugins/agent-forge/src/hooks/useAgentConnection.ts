import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { agentForgeApiRef } from '../api';
import { classifyAgentError, type AgentError } from '../a2a/errors';
import type { AgentCardSummary } from '../a2a/types';

export type AgentConnection =
  | { status: 'connecting' }
  | { status: 'connected'; card: AgentCardSummary }
  | { status: 'error'; error: AgentError };

/** Connects to the configured agent and exposes its card, with a retry. */
export function useAgentConnection(): { connection: AgentConnection; retry: () => void } {
  const api = useApi(agentForgeApiRef);
  const [attempt, setAttempt] = useState(0);
  const [connection, setConnection] = useState<AgentConnection>({ status: 'connecting' });

  useEffect(() => {
    let current = true;
    setConnection({ status: 'connecting' });
    api.getClient().then(
      client => current && setConnection({ status: 'connected', card: client.card }),
      error => current && setConnection({ status: 'error', error: classifyAgentError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, attempt]);

  const retry = useCallback(() => {
    api.reconnect();
    setAttempt(n => n + 1);
  }, [api]);

  return { connection, retry };
}
