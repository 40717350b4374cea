import { useCallback, useMemo, useRef, useState } from 'react';
import { useAnalytics } from '@backstage/core-plugin-api';
import { Button, InputAdornment, Snackbar, TextField, Typography, makeStyles } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import SearchIcon from '@material-ui/icons/Search';
import { profiled, useAgentForgeInstrumentation, withRenderProfiler } from '../../instrumentation';
import { useFixedRowWindow } from '../../react/useFixedRowWindow';
import { useManagerSnapshot } from '../../react/useSessionStore';
import { useAgentForgeT } from '../../translationContext';
import { useAgentForge } from '../AgentForgeContext';
import { SESSION_ROW_HEIGHT, SessionListItem } from './SessionListItem';
import { useNow } from './useNow';

const ProfiledSessionListItem = withRenderProfiler(SessionListItem, p => `session:${p.summary.id}:item|${p.summary.status}`);

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    height: '100%',
    borderRight: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
  },
  top: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1), padding: theme.spacing(1.5) },
  live: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: theme.palette.primary.main,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  liveDot: {
    width: 8,
    height: 8,
    borderRadius: '50%',
    backgroundColor: theme.palette.primary.main,
    animation: '$pulse 1.4s ease-in-out infinite',
  },
  '@keyframes pulse': { '0%, 100%': { opacity: 1 }, '50%': { opacity: 0.3 } },
  scroller: { flex: 1, minHeight: 0, overflowY: 'auto' },
  list: { listStyle: 'none', margin: 0, padding: theme.spacing(0, 1) },
  empty: { padding: theme.spacing(2) },
}));

interface Deleted {
  title: string;
  undo: () => void;
}

/** The "Chat sessions" navigation: new chat, search, and every session. */
export function SessionsSidebar() {
  const classes = useStyles();
  const t = useAgentForgeT();
  const analytics = useAnalytics();
  const { manager } = useAgentForge();
  const { onRender } = useAgentForgeInstrumentation();
  const Item = onRender ? ProfiledSessionListItem : SessionListItem;
  const snapshot = useManagerSnapshot(manager);
  const now = useNow();
  const [query, setQuery] = useState('');
  const [deleted, setDeleted] = useState<Deleted | undefined>();
  const list = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return snapshot.sessions;
    return snapshot.sessions.filter(summary => manager.getSession(summary.id)?.matches(needle));
  }, [manager, query, snapshot.sessions]);

  // Only the rows in view are rendered: 200 stored chats load as fast as 10.
  const rows = useFixedRowWindow(list, { count: visible.length, rowHeight: SESSION_ROW_HEIGHT, overscan: 3 });

  // Background work is what the count is for: the visible session shows its own.
  const liveElsewhere = snapshot.sessions.filter(
    s => (s.status === 'streaming' || s.status === 'submitting') && s.id !== snapshot.activeSessionId,
  ).length;

  const onSelect = useCallback((id: string) => manager.setActive(id), [manager]);
  const onRename = useCallback((id: string, title: string) => manager.getSession(id)?.rename(title), [manager]);
  const onDelete = useCallback(
    (id: string) => {
      const title = manager.getSession(id)?.getSnapshot().title ?? '';
      const undo = manager.deleteSession(id);
      analytics.captureEvent('delete', 'session');
      if (undo) setDeleted({ title, undo });
    },
    [analytics, manager],
  );

  return profiled(onRender, 'sidebar', (
    <nav aria-label={t('sidebar.label')} className={classes.root}>
      <div className={classes.top}>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => manager.newChat()}
          fullWidth
        >
          {t('sidebar.newChat')}
        </Button>
        <TextField
          size="small"
          variant="outlined"
          type="search"
          placeholder={t('sidebar.search')}
          value={query}
          onChange={e => setQuery(e.target.value)}
          inputProps={{ 'aria-label': t('sidebar.search') }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" aria-hidden />
              </InputAdornment>
            ),
          }}
        />
        <div role="status">
          {liveElsewhere > 0 && (
            <Typography variant="caption" className={classes.live}>
              <span className={classes.liveDot} aria-hidden />
              {t('sidebar.liveResponses', { count: liveElsewhere })}
            </Typography>
          )}
        </div>
      </div>
      {visible.length === 0 && (
        <Typography variant="body2" color="textSecondary" className={classes.empty}>
          {query.trim() ? t('sidebar.noResults', { query: query.trim() }) : t('sidebar.empty')}
        </Typography>
      )}
      {/* Always there, even empty: the row window knows its height before the first rows. */}
      <div ref={list} className={classes.scroller} onScroll={rows.onScroll}>
        <ul
          className={classes.list}
          // The rows out of view are this padding (inside the scroller, not on it).
          style={{ paddingTop: rows.before, paddingBottom: rows.after + 8 }}
          data-session-count={visible.length}
          aria-hidden={visible.length === 0 || undefined}
        >
          {visible.slice(rows.start, rows.end).map(summary => (
            <Item
              key={summary.id}
              summary={summary}
              active={summary.id === snapshot.activeSessionId}
              now={now}
              onSelect={onSelect}
              onRename={onRename}
              onDelete={onDelete}
            />
          ))}
        </ul>
      </div>
      <Snackbar
        open={Boolean(deleted)}
        autoHideDuration={8000}
        onClose={(_, reason) => reason !== 'clickaway' && setDeleted(undefined)}
        message={deleted ? t('sidebar.deleted', { title: deleted.title }) : ''}
        action={
          <Button
            color="secondary"
            size="small"
            onClick={() => {
              deleted?.undo();
              setDeleted(undefined);
            }}
          >
            {t('sidebar.undo')}
          </Button>
        }
      />
    </nav>
  ));
}
