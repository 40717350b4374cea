import { memo } from 'react';
import { Link, Typography, makeStyles } from '@material-ui/core';
import AttachFileIcon from '@material-ui/icons/AttachFile';
import { displayLabel } from '../../lib/text';
import type { FileReference } from '../../sessions/model';
import { useAgentForgeT } from '../../translationContext';
import { safeHttpUrl } from '../Markdown/urlPolicy';

const useStyles = makeStyles(theme => ({
  list: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), margin: 0, padding: 0, listStyle: 'none' },
  file: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    maxWidth: '100%',
    padding: theme.spacing(0.25, 1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 16,
    overflowWrap: 'anywhere',
  },
  type: { color: theme.palette.text.secondary },
}));

/**
 * Files an agent sent: name and type, and a link to download those behind an
 * http(s) URL. Never rendered inline (no image, frame or object): a file is
 * content the user chooses to open.
 */
export const FileList = memo(function FileListView({ files }: { files: readonly FileReference[] }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  return (
    <ul className={classes.list} aria-label={t('conversation.files')}>
      {files.map((file, index) => {
        const name = displayLabel(file.name ?? '', 120) || t('conversation.unnamedFile');
        const type = displayLabel(file.mediaType ?? '', 80);
        const href = safeHttpUrl(file.url);
        return (
          // Files have no identity but their place in the list.
          // eslint-disable-next-line react/no-array-index-key
          <li key={index} className={classes.file}>
            <AttachFileIcon fontSize="small" color="action" aria-hidden />
            {href ? (
              <Link href={href} target="_blank" rel="noopener noreferrer" download>
                {name}
              </Link>
            ) : (
              <Typography variant="body2" component="span">
                {name}
              </Typography>
            )}
            {type && (
              <Typography variant="caption" className={classes.type}>
                {type}
              </Typography>
            )}
            {!href && !file.url && (
              <Typography variant="caption" className={classes.type}>
                {t('conversation.fileNotKept')}
              </Typography>
            )}
          </li>
        );
      })}
    </ul>
  );
});
