import { memo, useId, useRef, useState } from 'react';
import { IconButton, Menu, MenuItem, Tooltip } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import type { SessionSnapshot } from '../../sessions/model';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import { downloadTextFile, exportFileName, sessionToJson, sessionToMarkdown } from '../../export';

export interface ExportMenuProps {
  /**
   * Read when the user exports, not passed as a snapshot: the snapshot changes
   * on every streamed frame, and the menu need not render with it.
   */
  getSnapshot(): SessionSnapshot;
  /** Names the agent's messages in the Markdown export. */
  agentName?: string;
}

type Format = 'markdown' | 'json';

/** Downloads the chat as Markdown or JSON. */
export const ExportMenu = memo(withAgentForgeTranslation(function ExportMenuInner({ getSnapshot, agentName }: ExportMenuProps) {
  const t = useAgentForgeT();
  const menuId = `${useId()}-export-menu`;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);

  const exportAs = (format: Format) => {
    setOpen(false);
    const snapshot = getSnapshot();
    // Built on demand: a long chat is not serialised on every render.
    if (format === 'markdown') {
      downloadTextFile(
        sessionToMarkdown(snapshot, { agentName }),
        exportFileName(snapshot, 'md'),
        'text/markdown;charset=utf-8',
      );
    } else {
      downloadTextFile(sessionToJson(snapshot), exportFileName(snapshot, 'json'), 'application/json;charset=utf-8');
    }
  };

  return (
    <>
      <Tooltip title={t('export.label')}>
        <IconButton
          ref={buttonRef}
          size="small"
          aria-label={t('export.label')}
          aria-haspopup="true"
          aria-controls={open ? menuId : undefined}
          aria-expanded={open || undefined}
          onClick={() => setOpen(true)}
        >
          <GetAppIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={buttonRef.current}
        open={open}
        onClose={() => setOpen(false)}
        getContentAnchorEl={null}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem dense onClick={() => exportAs('markdown')}>
          {t('export.markdown')}
        </MenuItem>
        <MenuItem dense onClick={() => exportAs('json')}>
          {t('export.json')}
        </MenuItem>
      </Menu>
    </>
  );
}));

ExportMenu.displayName = 'ExportMenu';
