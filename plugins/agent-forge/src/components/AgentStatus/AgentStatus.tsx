import { useState } from 'react';
import { Button, Popover, Typography, makeStyles } from '@material-ui/core';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import ReplayIcon from '@material-ui/icons/Replay';
import type { ConnectionState } from '../../sessions/SessionManager';
import { useAgentForgeT } from '../../translationContext';
import { AgentCardPanel } from '../AgentCardPanel';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'center', gap: theme.spacing(1.5), color: theme.palette.common.white },
  label: { display: 'flex', flexDirection: 'column', textAlign: 'left' },
  dot: { display: 'inline-block', width: 8, height: 8, borderRadius: '50%', marginRight: 6 },
  ok: { backgroundColor: theme.palette.success.light },
  pending: { backgroundColor: theme.palette.warning.light },
  down: { backgroundColor: theme.palette.error.light },
  button: { color: 'inherit', borderColor: 'rgba(255,255,255,0.6)' },
  popover: { maxWidth: 560 },
}));

/** The agent's connection state in the page header, with details and a retry. */
export function AgentStatus({ connection, onRetry }: { connection: ConnectionState; onRetry(): void }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const card = connection.status === 'connected' ? connection.card : undefined;
  let dot = classes.pending;
  let state: string = t('connection.connecting');
  if (connection.status === 'connected') {
    dot = classes.ok;
    state = t('connection.connected');
  } else if (connection.status === 'error') {
    dot = classes.down;
    state = t('connection.error');
  }

  return (
    <div className={classes.root}>
      <div className={classes.label} role="status">
        <Typography variant="caption">{t('connection.label')}</Typography>
        <Typography variant="body2">
          <span className={`${classes.dot} ${dot}`} aria-hidden />
          {card ? `${card.name} · ${state}` : state}
        </Typography>
      </div>
      {connection.status === 'error' && (
        <Button size="small" variant="outlined" className={classes.button} startIcon={<ReplayIcon />} onClick={onRetry}>
          {t('connection.retry')}
        </Button>
      )}
      {card && (
        <>
          <Button
            size="small"
            variant="outlined"
            className={classes.button}
            startIcon={<InfoOutlinedIcon />}
            onClick={event => setAnchor(event.currentTarget)}
            aria-haspopup="dialog"
          >
            {t('connection.details')}
          </Button>
          <Popover
            open={Boolean(anchor)}
            anchorEl={anchor}
            onClose={() => setAnchor(null)}
            anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
            transformOrigin={{ vertical: 'top', horizontal: 'right' }}
            PaperProps={{ className: classes.popover, role: 'dialog', 'aria-label': t('connection.details') } as object}
          >
            <AgentCardPanel card={card} />
          </Popover>
        </>
      )}
    </div>
  );
}
