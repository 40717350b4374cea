import { memo, useState } from 'react';
import { Avatar, Box, Button, Chip, Collapse, Link, Typography, makeStyles } from '@material-ui/core';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import ReplayIcon from '@material-ui/icons/Replay';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import SmartToyIcon from '@material-ui/icons/Memory';
import SyncProblemIcon from '@material-ui/icons/SyncProblem';
import type { AgentMessage, ToolCall } from '../../sessions/model';
import { lookupTable } from '../../lib/lookupTable';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import { ExecutionPlanPanel } from '../ExecutionPlan';
import { InputFormView } from '../InputForm';
import { MarkdownMessage } from '../Markdown';
import { RowErrorBoundary } from '../RowErrorBoundary';
import { BrokenMessage } from './BrokenMessage';
import { FileList } from './FileList';
import { ReplyLimitNotes } from './ReplyLimitNotes';
import { StorageNotes } from './StorageNotes';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', gap: theme.spacing(1.5), alignItems: 'flex-start' },
  avatar: {
    width: 32,
    height: 32,
    backgroundColor: theme.palette.secondary.main,
    color: theme.palette.secondary.contrastText,
  },
  body: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  name: { fontWeight: theme.typography.fontWeightMedium as number },
  thinking: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  notice: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.action.hover,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  error: { color: theme.palette.error.main },
  artifact: {
    margin: 0,
    padding: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: 'monospace',
    fontSize: '0.85em',
    maxHeight: 240,
    overflow: 'auto',
  },
  footer: { display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' },
}));

export interface AgentMessageViewProps {
  message: AgentMessage;
  agentName: string;
  imageAllowedHosts: readonly string[];
  /** Only the reply being streamed gets these; others keep equal props. */
  currentTool?: ToolCall;
  reconnecting?: { attempt: number; maxAttempts: number };
  /** The reply waits for another to finish before it is sent. */
  queued?: boolean;
  /** Actions offered on the latest reply only. */
  isLast: boolean;
  onRetry(): void;
  onResume(): void;
  onRespond(values: Record<string, unknown>): void;
}

// A stored reply's status is data: an unknown one (even `constructor`) gets no chip.
const STATUS_LABEL = lookupTable({
  stopped: 'conversation.stopped',
  interrupted: 'conversation.interrupted',
  canceled: 'conversation.canceled',
  rejected: 'conversation.rejected',
  failed: 'conversation.failed',
  'auth-required': 'conversation.authRequired',
} as const);

/** One agent reply: plan, markdown, status, form and the way forward. */
function AgentMessageViewImpl(props: AgentMessageViewProps) {
  const { message, agentName, imageAllowedHosts, currentTool, reconnecting, queued, isLast, onRetry, onResume, onRespond } = props;
  const classes = useStyles();
  const t = useAgentForgeT();
  const [showDetails, setShowDetails] = useState(false);
  const streaming = message.status === 'streaming';
  const statusKey: (typeof STATUS_LABEL)[keyof typeof STATUS_LABEL] | undefined =
    STATUS_LABEL[message.status as keyof typeof STATUS_LABEL];
  const hasPlan = Boolean(message.plan || message.tools?.length || currentTool);

  return (
    <div className={classes.root} data-message-id={message.id}>
      <Avatar className={classes.avatar} aria-hidden>
        <SmartToyIcon fontSize="small" />
      </Avatar>
      <div className={classes.body}>
        <Typography variant="subtitle2" component="h3" className={classes.name}>
          {agentName}
        </Typography>
        {hasPlan && (
          <ExecutionPlanPanel
            plan={message.plan}
            history={message.planHistory}
            tools={message.tools}
            currentTool={currentTool}
            streaming={streaming}
          />
        )}
        {message.text ? (
          <MarkdownMessage text={message.text} streaming={streaming} imageAllowedHosts={imageAllowedHosts} />
        ) : (
          streaming &&
          !currentTool &&
          !queued && (
            <Typography variant="body2" className={classes.thinking}>
              {t('conversation.thinking')}
            </Typography>
          )
        )}
        {queued && (
          <div className={classes.notice} role="status">
            <HourglassEmptyIcon fontSize="small" color="action" aria-hidden />
            <Typography variant="body2">{t('conversation.queued')}</Typography>
          </div>
        )}
        <StorageNotes message={message} />
        {reconnecting && (
          <div className={classes.notice} role="status">
            <SyncProblemIcon fontSize="small" color="action" aria-hidden />
            <Typography variant="body2">
              {t('conversation.reconnecting', { attempt: String(reconnecting.attempt), max: String(reconnecting.maxAttempts) })}
            </Typography>
          </div>
        )}
        {message.files && message.files.length > 0 && <FileList files={message.files} />}
        {message.artifacts?.map((artifact, index) => (
          // Ids from storage may repeat; the place in the list does not.
          // eslint-disable-next-line react/no-array-index-key
          <Box key={`${index}:${artifact.artifactId}`}>
            <Typography variant="caption" color="textSecondary">
              {t('conversation.otherArtifact', { name: artifact.name })}
              {artifact.truncated ? ` ${t('conversation.artifactCut')}` : ''}
            </Typography>
            {artifact.text && <pre className={classes.artifact}>{artifact.text}</pre>}
            {artifact.files && artifact.files.length > 0 && <FileList files={artifact.files} />}
          </Box>
        ))}
        {message.truncated && <ReplyLimitNotes truncated={message.truncated} className={classes.notice} />}
        {message.notice && (
          <div className={classes.notice}>
            <InfoOutlinedIcon fontSize="small" color="action" aria-hidden />
            <Typography variant="body2">{message.notice}</Typography>
          </div>
        )}
        {message.error && (
          <div className={`${classes.notice} ${classes.error}`} role="alert">
            <ErrorOutlineIcon fontSize="small" aria-hidden />
            <Box>
              <Typography variant="body2">{message.error.message}</Typography>
              {message.error.detail && (
                <>
                  <Link component="button" variant="caption" onClick={() => setShowDetails(v => !v)} aria-expanded={showDetails}>
                    {t('conversation.errorDetails')}
                  </Link>
                  <Collapse in={showDetails}>
                    <Typography variant="caption" component="p">
                      {message.error.detail}
                    </Typography>
                  </Collapse>
                </>
              )}
            </Box>
          </div>
        )}
        {message.status === 'input-required' && message.form && !message.formAnswered && (
          <InputFormView form={message.form} onSubmit={onRespond} disabled={!isLast} />
        )}
        {(statusKey || (isLast && message.status === 'interrupted')) && (
          <div className={classes.footer}>
            {statusKey && <Chip size="small" variant="outlined" label={t(statusKey)} />}
            {isLast && message.status === 'interrupted' && message.taskId && (
              <Button size="small" startIcon={<PlayArrowIcon />} onClick={onResume}>
                {t('conversation.resume')}
              </Button>
            )}
            {isLast && (message.status === 'interrupted' || message.status === 'failed' || message.status === 'rejected') && (
              <Button size="small" startIcon={<ReplayIcon />} onClick={onRetry}>
                {t('conversation.retry')}
              </Button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

const TranslatedAgentMessageView = withAgentForgeTranslation(AgentMessageViewImpl);

/** The row, inside its own error boundary: a broken reply breaks only itself. */
function GuardedAgentMessageView(props: AgentMessageViewProps) {
  return (
    <RowErrorBoundary item={props.message} fallback={error => <BrokenMessage message={props.message} error={error} />}>
      <TranslatedAgentMessageView {...props} />
    </RowErrorBoundary>
  );
}

export const AgentMessageView = memo(GuardedAgentMessageView);
