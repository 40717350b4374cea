import { Chip, Typography, makeStyles } from '@material-ui/core';
import ChatBubbleOutlineIcon from '@material-ui/icons/ChatBubbleOutline';
import { useAgentForgeT } from '../../translationContext';

const useStyles = makeStyles(theme => ({
  root: {
    flex: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(4),
    textAlign: 'center',
  },
  icon: { fontSize: 40, color: theme.palette.text.secondary },
  chips: { display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: theme.spacing(1), maxWidth: 720 },
  chip: { maxWidth: '100%', height: 'auto', padding: theme.spacing(0.75, 0.5), '& span': { whiteSpace: 'normal' } },
}));

/** An empty chat: what the agent can do, one click away. */
export function SuggestionChips({
  agentName,
  suggestions,
  onPick,
}: {
  agentName: string;
  suggestions: readonly string[];
  onPick(prompt: string): void;
}) {
  const classes = useStyles();
  const t = useAgentForgeT();
  return (
    <div className={classes.root}>
      <ChatBubbleOutlineIcon className={classes.icon} aria-hidden />
      <Typography variant="h5" component="h2">
        {t('conversation.emptyTitle')}
      </Typography>
      {suggestions.length > 0 && (
        <>
          <Typography>{t('conversation.emptyHint', { name: agentName })}</Typography>
          <div className={classes.chips}>
            {suggestions.map(prompt => (
              <Chip key={prompt} className={classes.chip} variant="outlined" clickable label={prompt} onClick={() => onPick(prompt)} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
