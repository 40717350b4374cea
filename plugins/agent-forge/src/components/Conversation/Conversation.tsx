import { useCallback, useRef } from 'react';
import { Button, Typography, makeStyles } from '@material-ui/core';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import { useAgentForgeInstrumentation, withRenderProfiler } from '../../instrumentation';
import type { ChatSession } from '../../sessions/ChatSession';
import type { AgentMessage, SessionSnapshot } from '../../sessions/model';
import { useAgentForgeT } from '../../translationContext';
import { AgentMessageView } from './AgentMessageView';
import { UserMessageView } from './UserMessageView';
import { useEarlierMessages } from './useEarlierMessages';
import { useStickToBottom } from './useStickToBottom';

const ProfiledUserMessageView = withRenderProfiler(UserMessageView, p => `message:${p.message.id}|sent`);
const ProfiledAgentMessageView = withRenderProfiler(AgentMessageView, p => `message:${p.message.id}|${p.message.status}`);

const useStyles = makeStyles(theme => ({
  root: { position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  // Anchoring is done by hand when earlier messages appear (useEarlierMessages).
  scroller: { flex: 1, minHeight: 0, overflowY: 'auto', overscrollBehavior: 'contain', overflowAnchor: 'none' },
  log: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2.5),
    padding: theme.spacing(2, 3, 3),
    maxWidth: 960,
    margin: '0 auto',
  },
  pruned: { textAlign: 'center' },
  earlier: { alignSelf: 'center' },
  jump: {
    position: 'absolute',
    bottom: theme.spacing(2),
    left: '50%',
    transform: 'translateX(-50%)',
    boxShadow: theme.shadows[4],
  },
}));

export interface ConversationProps {
  session: ChatSession;
  snapshot: SessionSnapshot;
  agentName: string;
  imageAllowedHosts: readonly string[];
}

/** The transcript of one session, following the stream unless the user scrolls up. */
export function Conversation({ session, snapshot, agentName, imageAllowedHosts }: ConversationProps) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const scroller = useRef<HTMLDivElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const { onRender } = useAgentForgeInstrumentation();
  const UserRow = onRender ? ProfiledUserMessageView : UserMessageView;
  const AgentRow = onRender ? ProfiledAgentMessageView : AgentMessageView;
  const { atBottom, onScroll: followScroll, jumpToLatest } = useStickToBottom(scroller, log, snapshot.messages);
  const { messages } = snapshot;
  const { hiddenCount, showEarlier, onScrolledUp } = useEarlierMessages(messages.length, scroller);
  const onScroll = useCallback(() => {
    if (followScroll()) onScrolledUp();
  }, [followScroll, onScrolledUp]);
  const busy = snapshot.status === 'submitting' || snapshot.status === 'streaming';

  // Stable callbacks keep settled messages' props equal, so they never re-render.
  const onRetry = useCallback(() => void session.retry(), [session]);
  const onResume = useCallback(() => void session.resume(), [session]);
  const onRespond = useCallback((values: Record<string, unknown>) => void session.respond(values), [session]);

  let lastAgentIndex = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'agent') {
      lastAgentIndex = i;
      break;
    }
  }

  return (
    <div className={classes.root}>
      <div className={classes.scroller} ref={scroller} onScroll={onScroll}>
        <div
          ref={log}
          role="log"
          aria-label={t('conversation.label')}
          aria-live="polite"
          aria-busy={busy}
          className={classes.log}
        >
          {snapshot.pruned && (
            <Typography variant="caption" color="textSecondary" className={classes.pruned}>
              {t('conversation.pruned')}
            </Typography>
          )}
          {Boolean(snapshot.unrestoredMessages) && (
            <Typography variant="caption" color="textSecondary" className={classes.pruned}>
              {t('conversation.unrestoredMessages', { count: snapshot.unrestoredMessages ?? 0 })}
            </Typography>
          )}
          {hiddenCount > 0 && (
            <Button className={classes.earlier} size="small" onClick={showEarlier}>
              {t('conversation.showEarlier', { count: hiddenCount })}
            </Button>
          )}
          {messages.slice(hiddenCount).map((message, shownIndex) => {
            const index = hiddenCount + shownIndex;
            return message.role === 'user' ? (
              <UserRow
                key={message.id}
                message={message}
                form={message.data ? (messages[index - 1] as AgentMessage | undefined)?.form : undefined}
              />
            ) : (
              <AgentRow
                key={message.id}
                message={message}
                agentName={agentName}
                imageAllowedHosts={imageAllowedHosts}
                currentTool={message.status === 'streaming' ? snapshot.currentTool : undefined}
                reconnecting={message.status === 'streaming' ? snapshot.reconnecting : undefined}
                queued={message.status === 'streaming' ? snapshot.queued : undefined}
                isLast={index === lastAgentIndex}
                onRetry={onRetry}
                onResume={onResume}
                onRespond={onRespond}
              />
            );
          })}
        </div>
      </div>
      {!atBottom && (
        <Button
          className={classes.jump}
          variant="contained"
          size="small"
          color="default"
          startIcon={<ArrowDownwardIcon />}
          onClick={jumpToLatest}
        >
          {t('conversation.jumpToLatest')}
        </Button>
      )}
    </div>
  );
}
