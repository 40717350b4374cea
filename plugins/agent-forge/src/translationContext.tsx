import { createContext, useContext, useMemo, type ComponentType, type ReactNode } from 'react';
import { useTranslationRef, type TranslationFunction } from '@backstage/core-plugin-api/alpha';
import { LruCache } from './lib/LruCache';
import { agentForgeTranslationRef } from './translation';

export type AgentForgeT = TranslationFunction<typeof agentForgeTranslationRef.T>;

const TranslationContext = createContext<AgentForgeT | undefined>(undefined);

/**
 * Translations by key and options, for one language (one `t`). A lookup
 * through the app's i18next costs ~0.5–1 ms on the bench machine, and rows
 * ask for the same few labels each ("Rename session", "Delete session").
 */
function memoized(t: AgentForgeT): AgentForgeT {
  const cache = new LruCache<string, unknown>(1000);
  const lookup = (key: string, options?: object) => {
    const id = options ? `${key}\u0000${JSON.stringify(options)}` : key;
    let value = cache.get(id);
    if (value === undefined) {
      value = (t as (k: string, o?: object) => unknown)(key, options);
      cache.set(id, value, 1);
    }
    return value;
  };
  return lookup as unknown as AgentForgeT;
}

/**
 * One subscription to the app's translations for the whole page, with the
 * lookups memoised. Each `useTranslationRef` call looks its messages up and
 * subscribes on mount, so the rows that render by the dozen read `t` from
 * here instead (measured: the sidebar's first screen spent ~60 ms in i18next).
 */
export function AgentForgeTranslationProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslationRef(agentForgeTranslationRef);
  const shared = useMemo(() => memoized(t), [t]);
  return <TranslationContext.Provider value={shared}>{children}</TranslationContext.Provider>;
}

/** The page's `t`. Components that call it are rendered under {@link withAgentForgeTranslation}. */
export function useAgentForgeT(): AgentForgeT {
  const t = useContext(TranslationContext);
  if (!t) throw new Error('Agent Forge components render inside AgentForgeTranslationProvider');
  return t;
}

/**
 * For components that may render on their own (tests, other pages): they
 * bring the provider when nobody above did. Inside the page this is one
 * context read.
 */
export function withAgentForgeTranslation<P extends object>(Component: ComponentType<P>): ComponentType<P> {
  function Translated(props: P) {
    const t = useContext(TranslationContext);
    return t ? (
      <Component {...props} />
    ) : (
      <AgentForgeTranslationProvider>
        <Component {...props} />
      </AgentForgeTranslationProvider>
    );
  }
  Translated.displayName = `withAgentForgeTranslation(${Component.displayName ?? Component.name ?? 'Component'})`;
  return Translated;
}
