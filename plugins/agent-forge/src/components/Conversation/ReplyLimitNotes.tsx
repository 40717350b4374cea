import { memo } from 'react';
import { Typography, makeStyles } from '@material-ui/core';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import { DEFAULT_REPLY_LIMITS } from '../../sessions/limits';
import type { ReplyTruncation } from '../../sessions/model';
import { useAgentForgeT } from '../../translationContext';

const useStyles = makeStyles(theme => ({
  lines: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) },
}));

const count = (n: number) => n.toLocaleString();

/**
 * Says what of a reply went past the page's limits (sessions/limits.ts), so
 * nothing is lost silently. `className`: the reply's notice style.
 */
export const ReplyLimitNotes = memo(function ReplyLimitNotesView({
  truncated,
  className,
}: {
  truncated: ReplyTruncation;
  className: string;
}) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const lines: string[] = [];
  if (truncated.events) lines.push(t('limits.events', { limit: count(truncated.events) }));
  if (truncated.text) lines.push(t('limits.text', { limit: count(DEFAULT_REPLY_LIMITS.textChars) }));
  if (truncated.artifacts) lines.push(t('limits.artifacts', { count: truncated.artifacts, n: count(truncated.artifacts) }));
  if (truncated.tools) lines.push(t('limits.tools', { count: truncated.tools, n: count(truncated.tools) }));
  if (truncated.planVersions) {
    lines.push(t('limits.planVersions', { count: truncated.planVersions, n: count(truncated.planVersions) }));
  }
  if (lines.length === 0) return null;
  return (
    <div className={className} role="note">
      <InfoOutlinedIcon fontSize="small" color="action" aria-hidden />
      <div className={classes.lines}>
        {lines.map(line => (
          <Typography key={line} variant="body2">
            {line}
          </Typography>
        ))}
      </div>
    </div>
  );
});
