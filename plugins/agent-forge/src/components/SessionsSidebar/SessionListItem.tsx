import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CircularProgress, TextField, Typography, makeStyles } from '@material-ui/core';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import EditOutlinedIcon from '@material-ui/icons/EditOutlined';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import KeyboardIcon from '@material-ui/icons/Keyboard';
import type { SessionSummary } from '../../sessions/model';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import { RowErrorBoundary } from '../RowErrorBoundary';
import { relativeTime } from './useNow';

/** Every row has this height (px): the sidebar renders only the rows in view. */
export const SESSION_ROW_HEIGHT = 60;

const useStyles = makeStyles(theme => ({
  item: {
    height: SESSION_ROW_HEIGHT,
    boxSizing: 'border-box',
    overflow: 'hidden',
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    borderRadius: theme.shape.borderRadius,
    '&:hover $actions, &:focus-within $actions': { opacity: 1 },
  },
  // A tint plus a bar, not a grey fill: secondary text keeps its contrast.
  active: {
    backgroundColor: theme.palette.action.hover,
    boxShadow: `inset 3px 0 0 ${theme.palette.primary.main}`,
  },
  failed: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    color: theme.palette.type === 'dark' ? theme.palette.error.light : theme.palette.error.dark,
  },
  select: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: 2,
    padding: theme.spacing(1, 1, 1, 1.5),
    border: 'none',
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    borderRadius: theme.shape.borderRadius,
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
  },
  titleRow: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.75), width: '100%' },
  title: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flex: 1 },
  unreadTitle: { fontWeight: theme.typography.fontWeightBold as number },
  meta: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    // Darker than text.secondary: it sits on the hover and selection tints.
    color: theme.palette.type === 'dark' ? theme.palette.grey[300] : theme.palette.grey[700],
  },
  unreadDot: {
    width: 8,
    height: 8,
    borderRadius: '50%',
    backgroundColor: theme.palette.primary.main,
    flexShrink: 0,
  },
  badge: {
    fontSize: theme.typography.caption.fontSize,
    padding: '0 6px',
    borderRadius: 10,
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
  },
  actions: { display: 'flex', opacity: 0, transition: 'opacity 120ms', paddingRight: theme.spacing(0.5) },
  // Plain buttons, not IconButton + Tooltip: every row has two, and MUI's
  // (ripple, tooltip, focus tracking) cost ~1 ms per row to mount. The name
  // is the aria-label; the native title is the hover hint.
  action: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 30,
    height: 30,
    padding: 0,
    border: 'none',
    borderRadius: '50%',
    background: 'none',
    color: theme.palette.action.active,
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
  },
  renameField: { flex: 1, padding: theme.spacing(0.5, 1) },
}));

export interface SessionListItemProps {
  summary: SessionSummary;
  active: boolean;
  now: number;
  onSelect(id: string): void;
  onRename(id: string, title: string): void;
  onDelete(id: string): void;
}

/** One chat in the sidebar: title, time, and what it is doing. Memoised. */
function SessionListItemImpl(props: SessionListItemProps) {
  const { summary, active, now, onSelect, onRename, onDelete } = props;
  const classes = useStyles();
  const t = useAgentForgeT();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(summary.title);
  const renameInput = useRef<HTMLInputElement>(null);
  // The field appears because the user asked to rename: move focus into it.
  useEffect(() => {
    if (editing) renameInput.current?.select();
  }, [editing]);
  const streaming = summary.status === 'submitting' || summary.status === 'streaming';

  const finishRename = (save: boolean) => {
    setEditing(false);
    if (save && draft.trim() && draft.trim() !== summary.title) onRename(summary.id, draft.trim());
  };
  const onRenameKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      finishRename(true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      finishRename(false);
    }
  };

  return (
    <li className={`${classes.item} ${active ? classes.active : ''}`} data-session-id={summary.id}>
      {editing ? (
        <TextField
          className={classes.renameField}
          size="small"
          inputRef={renameInput}
          value={draft}
          onChange={e => setDraft(e.target.value)}
          onKeyDown={onRenameKey}
          onBlur={() => finishRename(true)}
          inputProps={{ 'aria-label': t('sidebar.renameLabel'), maxLength: 200 }}
        />
      ) : (
        <button
          type="button"
          className={classes.select}
          aria-current={active ? 'page' : undefined}
          onClick={() => onSelect(summary.id)}
        >
          <span className={classes.titleRow}>
            {summary.unread && <span className={classes.unreadDot} role="img" aria-label={t('sidebar.unread')} />}
            <Typography
              component="span"
              variant="body2"
              className={`${classes.title} ${summary.unread ? classes.unreadTitle : ''}`}
            >
              {summary.title}
            </Typography>
            {streaming && <CircularProgress size={12} thickness={6} role="img" aria-label={t('sidebar.streaming')} />}
          </span>
          <span className={classes.meta}>
            <Typography component="span" variant="caption" color="inherit">
              {relativeTime(summary.updatedAt, now)}
            </Typography>
            {summary.status === 'input-required' && (
              <span className={classes.badge}>
                <KeyboardIcon style={{ fontSize: 12 }} aria-hidden />
                {t('sidebar.inputNeeded')}
              </span>
            )}
            {summary.status === 'error' && (
              <Typography component="span" variant="caption" className={classes.failed}>
                <ErrorOutlineIcon style={{ fontSize: 14 }} aria-hidden />
                {t('sidebar.failed')}
              </Typography>
            )}
            {summary.queued && streaming && (
              <Typography component="span" variant="caption" color="inherit">
                {t('sidebar.queued')}
              </Typography>
            )}
            {summary.status === 'interrupted' && (
              <Typography component="span" variant="caption" color="inherit">
                {t('sidebar.interrupted')}
              </Typography>
            )}
          </span>
        </button>
      )}
      {!editing && (
        <span className={classes.actions}>
          <button
            type="button"
            className={classes.action}
            aria-label={t('sidebar.rename')}
            title={t('sidebar.rename')}
            onClick={() => {
              setDraft(summary.title);
              setEditing(true);
            }}
          >
            <EditOutlinedIcon fontSize="small" />
          </button>
          <button
            type="button"
            className={classes.action}
            aria-label={t('sidebar.delete')}
            title={t('sidebar.delete')}
            onClick={() => onDelete(summary.id)}
          >
            <DeleteOutlineIcon fontSize="small" />
          </button>
        </span>
      )}
    </li>
  );
}

/**
 * A row whose rendering threw (whatever storage or another tab put in its
 * summary): it says so (what went wrong is its hover hint), and can still be
 * opened or deleted. Nothing of the summary but its id is used.
 */
function BrokenSessionListItemImpl({ summary, active, onSelect, onDelete, error }: SessionListItemProps & { error: string }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const id = summary?.id;
  return (
    <li className={`${classes.item} ${active ? classes.active : ''}`} data-session-id={typeof id === 'string' ? id : undefined}>
      <button
        type="button"
        className={classes.select}
        aria-current={active ? 'page' : undefined}
        // What went wrong, as a hover hint: the row's height is fixed.
        title={error}
        onClick={() => onSelect(id)}
      >
        <span className={classes.failed}>
          <ErrorOutlineIcon style={{ fontSize: 14 }} aria-hidden />
          <Typography component="span" variant="body2">
            {t('sidebar.brokenItem')}
          </Typography>
        </span>
      </button>
      <span className={classes.actions}>
        <button
          type="button"
          className={classes.action}
          aria-label={t('sidebar.delete')}
          title={t('sidebar.delete')}
          onClick={() => onDelete(id)}
        >
          <DeleteOutlineIcon fontSize="small" />
        </button>
      </span>
    </li>
  );
}

const TranslatedSessionListItem = withAgentForgeTranslation(SessionListItemImpl);
const BrokenSessionListItem = withAgentForgeTranslation(BrokenSessionListItemImpl);

/** The row, inside its own error boundary: a broken chat breaks only its row. */
function GuardedSessionListItem(props: SessionListItemProps) {
  return (
    <RowErrorBoundary item={props.summary} fallback={error => <BrokenSessionListItem {...props} error={error} />}>
      <TranslatedSessionListItem {...props} />
    </RowErrorBoundary>
  );
}

export const SessionListItem = memo(GuardedSessionListItem);
