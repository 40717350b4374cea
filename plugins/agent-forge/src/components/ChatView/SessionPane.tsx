import { memo } from 'react';
import { Typography, makeStyles } from '@material-ui/core';
import type { ChatSession } from '../../sessions/ChatSession';
import { useSessionSnapshotWhile } from '../../react/useSessionStore';
import { Conversation } from '../Conversation';
import { ExportMenu } from '../ExportMenu';
import { SuggestionChips } from './SuggestionChips';

const useStyles = makeStyles(theme => ({
  pane: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  // The class sets display, so the hidden attribute alone would not hide it.
  hidden: { display: 'none' },
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 48,
    padding: theme.spacing(0.5, 2, 0.5, 3),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  title: { flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
}));

export interface SessionPaneProps {
  session: ChatSession;
  /** The shown pane; the others keep their DOM and scroll position, hidden and not rendering. */
  visible: boolean;
  agentName: string;
  imageAllowedHosts: readonly string[];
  suggestions: readonly string[];
  onPick(text: string): void;
}

/**
 * One session's title bar and transcript. The chat view keeps the panes of
 * the last few sessions shown: switching back to one shows its DOM again and
 * renders only what changed while it was hidden (a switch to a streaming
 * session no longer rebuilds its whole transcript), and it comes back where
 * the user left it.
 */
export const SessionPane = memo(function SessionPaneImpl(props: SessionPaneProps) {
  const { session, visible, agentName, imageAllowedHosts, suggestions, onPick } = props;
  const classes = useStyles();
  const snapshot = useSessionSnapshotWhile(session, visible);
  const hasTranscript = snapshot.messages.length > 0 || snapshot.pruned || Boolean(snapshot.unrestoredMessages);
  return (
    <div className={visible ? classes.pane : classes.hidden} hidden={!visible} data-session-pane={session.id}>
      <div className={classes.bar}>
        <Typography variant="h6" component="h2" className={classes.title}>
          {snapshot.title}
        </Typography>
        {snapshot.messages.length > 0 && <ExportMenu getSnapshot={session.getSnapshot} agentName={agentName} />}
      </div>
      {hasTranscript ? (
        <Conversation session={session} snapshot={snapshot} agentName={agentName} imageAllowedHosts={imageAllowedHosts} />
      ) : (
        <SuggestionChips agentName={agentName} suggestions={suggestions} onPick={onPick} />
      )}
    </div>
  );
});
