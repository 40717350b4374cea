import { useEffect, useRef } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { agentForgeApiRef } from '../api';
import { useAgentForgeInstrumentation } from '../instrumentation';
import { LocalStorageSessionRepository } from '../sessions/persistence/LocalStorageSessionRepository';
import { SessionManager, type ManagerEvent } from '../sessions/SessionManager';

/**
 * The page's session manager, held in a ref for the page's lifetime. Sessions
 * are stored per signed-in user; leaving the page suspends live replies (they
 * resume on return) instead of cancelling them.
 */
export function useSessionManager(onEvent?: (event: ManagerEvent) => void): SessionManager {
  const api = useApi(agentForgeApiRef);
  const identityApi = useApi(identityApiRef);
  const { storage } = useAgentForgeInstrumentation();
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const ref = useRef<SessionManager>();
  if (!ref.current) {
    const settings = api.getSettings();
    ref.current = new SessionManager({
      getClient: () => api.getClient(),
      reconnect: () => api.reconnect(),
      retention: settings.retention,
      repository: identityApi
        .getBackstageIdentity()
        .then(identity => LocalStorageSessionRepository.create({ namespace: identity.userEntityRef, storage })),
      onEvent: event => onEventRef.current?.(event),
    });
  }
  const manager = ref.current;

  useEffect(() => {
    void manager.load().then(() => manager.resumeInterrupted());
    void manager.connect();
    // Leaving the page (or closing the tab) lets go of live replies without
    // cancelling them: they are stored as interrupted, so another tab shows
    // them as such (not as streaming forever) and a later visit resumes them.
    const leave = () => manager.suspendAll();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      manager.suspendAll();
    };
  }, [manager]);

  return manager;
}
