import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useAnalytics } from '@backstage/core-plugin-api';
import { Typography, makeStyles } from '@material-ui/core';
import { profiled, useAgentForgeInstrumentation } from '../../instrumentation';
import { isBusy } from '../../sessions/model';
import { useSessionSnapshot } from '../../react/useSessionStore';
import { useAgentForge } from '../AgentForgeContext';
import { Composer } from '../Composer';
import { Conversation } from '../Conversation';
import { ExportMenu } from '../ExportMenu';
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
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 48,
    padding: theme.spacing(0.5, 2, 0.5, 3),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  pending: { flex: 1 },
  title: { flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
}));

const MAX_SUGGESTIONS = 6;

/** The active session: its transcript and composer. */
export function ChatView() {
  const classes = useStyles();
  const analytics = useAnalytics();
  const { manager, settings, agentName } = useAgentForge();
  const { onRender } = useAgentForgeInstrumentation();
  // Subscribe to the active id only: other sessions' activity must not re-render this view.
  const activeId = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().activeSessionId);
  // The session object, not just its id: another tab's change replaces it.
  const session = useSyncExternalStore(manager.subscribe, () => manager.getSession(activeId));
  const snapshot = useSessionSnapshot(session);
  const connection = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().connection);
  const loaded = useSyncExternalStore(manager.subscribe, () => manager.getSnapshot().loaded);
  const card = connection.status === 'connected' ? connection.card : undefined;

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

  const stop = useCallback(() => {
    if (!session) return;
    analytics.captureEvent('stop', 'message');
    session.stop();
  }, [analytics, session]);

  const busy = snapshot ? isBusy(snapshot.status) : false;
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

  let body;
  if (session && snapshot && (snapshot.messages.length > 0 || snapshot.pruned)) {
    body = (
      <Conversation
        session={session}
        snapshot={snapshot}
        agentName={agentName}
        imageAllowedHosts={settings.imageAllowedHosts}
      />
    );
  } else if (loaded) {
    body = <SuggestionChips agentName={agentName} suggestions={suggestions} onPick={send} />;
  } else {
    // Until the stored sessions are read the chat is unknown; this holds the composer at the bottom.
    body = <div className={classes.pending} />;
  }

  return profiled(onRender, `session:${activeId ?? 'none'}:view`, (
    <section className={classes.root} ref={root} aria-label={snapshot?.title}>
      {snapshot && (
        <div className={classes.bar}>
          <Typography variant="h6" component="h2" className={classes.title}>
            {snapshot.title}
          </Typography>
          {session && snapshot.messages.length > 0 && <ExportMenu getSnapshot={session.getSnapshot} agentName={agentName} />}
        </div>
      )}
      {body}
      <Composer
        sessionId={activeId}
        busy={busy}
        answering={snapshot?.status === 'input-required'}
        onSend={send}
        onStop={stop}
      />
    </section>
  ));
}
