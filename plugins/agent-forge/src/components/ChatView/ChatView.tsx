import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useAnalytics } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core';
import { profiled, useAgentForgeInstrumentation } from '../../instrumentation';
import { isBusy } from '../../sessions/model';
import { useSessionField } from '../../react/useSessionStore';
import { useAgentForge } from '../AgentForgeContext';
import { Composer } from '../Composer';
import { SessionPane } from './SessionPane';
import { SuggestionChips } from './SuggestionChips';

const useStyles = makeStyles(theme => ({
  // Paper, not the page's grey: secondary text needs the contrast.
  root: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    minHeight: 0,
    height: '100%',
    backgroundColor: theme.palette.background.paper,
  },
  pending: { flex: 1 },
}));

const MAX_SUGGESTIONS = 6;
/** Panes kept (hidden) for the sessions shown last. */
const KEPT_PANES = 5;

/** The last few sessions shown, the active one last; gone sessions drop out. */
export function keptPanes(previous: readonly string[], activeId: string | undefined, exists: (id: string) => boolean): string[] {
  const ids = previous.filter(id => id !== activeId && exists(id));
  if (activeId && exists(activeId)) ids.push(activeId);
  return ids.slice(-KEPT_PANES);
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** The active session (its pane among the kept ones) and the composer. */
export function ChatView() {
  const classes = useStyles();
  const analytics = useAnalytics();
  const { manager, settings, agentName } = useAgentForge();
  const { onRender } = useAgentForgeInstrumentation();
  // Subscribe to the active id only: other sessions' activity must not re-render this view.
  const activeId = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().activeSessionId);
  // The session object, not just its id: another tab's change replaces it.
  const session = useSyncExternalStore(manager.subscribe, () => manager.getSession(activeId));
  // Its status only: the transcript re-renders per frame inside its pane, not this view.
  const status = useSessionField(session, s => s.status);
  const connection = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().connection);
  const loaded = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().loaded);
  const card = connection.status === 'connected' ? connection.card : undefined;
  const title = useSessionField(session, s => s.title);
  // Derived state, updated during render (React's pattern for it).
  const [kept, setKept] = useState<readonly string[]>([]);
  const panes = keptPanes(kept, activeId, id => manager.getSession(id) !== undefined);
  if (!sameIds(panes, kept)) setKept(panes);

  const suggestions = useMemo(() => {
    const fromCard = card?.skills.flatMap(skill => skill.examples) ?? [];
    return Array.from(new Set([...settings.suggestions, ...fromCard])).slice(0, MAX_SUGGESTIONS);
  }, [card, settings.suggestions]);

  const send = useCallback(
    async (text: string) => {
      const target = session ?? (await manager.ensureSession());
      analytics.captureEvent('send', 'message', { attributes: { length: text.length } });
      void target.send(text);
    },
    [analytics, manager, session],
  );
  // For the panes: one stable callback, so a switch re-renders only the two panes it toggles.
  const latestSend = useRef(send);
  latestSend.current = send;
  const pick = useCallback((text: string) => void latestSend.current(text), []);

  const stop = useCallback(() => {
    if (!session) return;
    analytics.captureEvent('stop', 'message');
    session.stop();
  }, [analytics, session]);

  const busy = status ? isBusy(status) : false;
  // Esc anywhere in the chat stops this session's reply.
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = root.current;
    if (!el || !busy) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') stop();
    };
    el.addEventListener('keydown', onKeyDown);
    return () => el.removeEventListener('keydown', onKeyDown);
  }, [busy, stop]);

  let empty = null;
  if (!session) {
    // Until the stored sessions are read the chat is unknown: the spacer holds the composer at the bottom.
    empty = loaded ? (
      <SuggestionChips agentName={agentName} suggestions={suggestions} onPick={send} />
    ) : (
      <div className={classes.pending} />
    );
  }

  return profiled(onRender, `session:${activeId ?? 'none'}:view`, (
    <section className={classes.root} ref={root} aria-label={title}>
      {panes.map(id => {
        const paneSession = manager.getSession(id);
        return paneSession ? (
          <SessionPane
            key={id}
            session={paneSession}
            visible={id === activeId}
            agentName={agentName}
            imageAllowedHosts={settings.imageAllowedHosts}
            suggestions={suggestions}
            onPick={pick}
          />
        ) : null;
      })}
      {empty}
      <Composer
        sessionId={activeId}
        busy={busy}
        answering={status === 'input-required'}
        onSend={send}
        onStop={stop}
      />
    </section>
  ));
}
