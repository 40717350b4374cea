import { Typography, makeStyles } from '@material-ui/core';
import type { ChatMessage } from '../../sessions/model';
import { useAgentForgeT } from '../../translationContext';

const useStyles = makeStyles(theme => ({
  note: { color: theme.palette.text.secondary, fontStyle: 'italic' },
}));

/**
 * What storage could not give back of a message: parts that were unreadable
 * when it was loaded, or the end of a text too long to store.
 */
export function StorageNotes({ message }: { message: ChatMessage }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const { unrestored, truncatedForStorage } = message;
  if (!unrestored?.length && !truncatedForStorage) return null;
  return (
    <>
      {unrestored && unrestored.length > 0 && (
        <Typography variant="caption" component="p" className={classes.note} data-storage-note="unrestored">
          {t('conversation.unrestored', { parts: unrestored.map(part => t(`messagePart.${part}`)).join(', ') })}
        </Typography>
      )}
      {truncatedForStorage && (
        <Typography variant="caption" component="p" className={classes.note} data-storage-note="truncated">
          {t('conversation.truncatedForStorage', {
            saved: truncatedForStorage.savedChars.toLocaleString(),
            total: truncatedForStorage.totalChars.toLocaleString(),
          })}
        </Typography>
      )}
    </>
  );
}
