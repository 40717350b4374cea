import { Typography, makeStyles } from '@material-ui/core';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import { CopyTextButton } from '@backstage/core-components';
import type { ChatMessage } from '../../sessions/model';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px dashed ${theme.palette.divider}`,
  },
  headline: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  details: { ...theme.typography.caption, color: theme.palette.text.secondary, overflowWrap: 'anywhere' },
  summary: { cursor: 'pointer' },
  text: {
    margin: 0,
    maxHeight: 240,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    ...theme.typography.body2,
  },
}));

/** A field of a message that may hold anything: only a string is shown. */
function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export interface BrokenMessageProps {
  message: ChatMessage;
  /** What went wrong (an error's name and message). */
  error: string;
}

/**
 * A message whose rendering threw, in its place: what went wrong in a
 * disclosure, and its text as plain text with a copy button. Everything is
 * rendered as text; nothing of the message is trusted to be what its type
 * says.
 */
function BrokenMessageImpl({ message, error }: BrokenMessageProps) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const text = stringOrEmpty(message?.text);
  return (
    <div className={classes.root} role="group" aria-label={t('conversation.brokenMessage')} data-message-id={stringOrEmpty(message?.id)}>
      <div className={classes.headline}>
        <ErrorOutlineIcon fontSize="small" color="error" aria-hidden />
        <Typography variant="body2">{t('conversation.brokenMessage')}</Typography>
        {text && <CopyTextButton text={text} aria-label={t('conversation.copy')} tooltipText={t('conversation.copied')} />}
      </div>
      <details className={classes.details}>
        <summary className={classes.summary}>{t('conversation.brokenMessageDetails')}</summary>
        {error}
      </details>
      {text && <p className={classes.text}>{text}</p>}
    </div>
  );
}

export const BrokenMessage = withAgentForgeTranslation(BrokenMessageImpl);
