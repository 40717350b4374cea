import { memo, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, TextField, Typography, makeStyles } from '@material-ui/core';
import SendIcon from '@material-ui/icons/Send';
import StopIcon from '@material-ui/icons/Stop';
import { useAgentForgeT } from '../../translationContext';
import { useAgentForge } from '../AgentForgeContext';

const MAX_ROWS = 8;

/**
 * Browsers with CSS `field-sizing` (Chromium, Safari 26) size the textarea
 * natively; elsewhere MUI's TextareaAutosize measures it, which reads layout
 * on every render of the composer (session switches, busy changes).
 */
const NATIVE_AUTOSIZE =
  typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content');

const useStyles = makeStyles(theme => ({
  root: {
    borderTop: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1.5, 3, 2),
    backgroundColor: theme.palette.background.paper,
  },
  inner: { maxWidth: 960, margin: '0 auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
  row: { display: 'flex', gap: theme.spacing(1), alignItems: 'flex-end' },
  input: { flex: 1, backgroundColor: theme.palette.background.paper },
  // Grows with its content up to 8 lines, in CSS: no measuring on render.
  nativeAutosize: { fieldSizing: 'content', maxHeight: `calc(${MAX_ROWS} * 1.1876em)`, overflowY: 'auto' } as {},
  button: { minWidth: 96, height: 40 },
}));

export interface ComposerProps {
  /** Drafts are kept per session; undefined before the first session exists. */
  sessionId?: string;
  /** This session has a reply in flight (others never disable the composer). */
  busy: boolean;
  /** The agent is waiting for this session's answer. */
  answering: boolean;
  onSend(text: string): void;
  onStop(): void;
}

/** The message box: Enter sends, Shift+Enter adds a line. */
function ComposerImpl({ sessionId, busy, answering, onSend, onStop }: ComposerProps) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const { drafts, agentName } = useAgentForge();
  const draftKey = sessionId ?? '';
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  // One composer for every session (remounting its autosizing field on each
  // switch costs layout): another session brings back its own draft.
  const [shownKey, setShownKey] = useState(draftKey);
  if (shownKey !== draftKey) {
    setShownKey(draftKey);
    setText(drafts.get(draftKey) ?? '');
  }
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (text) drafts.set(draftKey, text);
    else drafts.delete(draftKey);
  }, [drafts, draftKey, text]);

  // Focus follows the shown session. After the next paint: focusing needs
  // up-to-date layout, which right after a switch's commit is a whole layout
  // forced inside the task; once painted it is free. No scrolling: the
  // composer is always in view.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => input.current?.focus({ preventScroll: true }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [sessionId]);

  const send = () => {
    if (busy || !text.trim()) return;
    onSend(text);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Esc (stop) is handled by the chat view around the composer.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  return (
    <form className={classes.root} onSubmit={onSubmit}>
      <div className={classes.inner}>
        {answering && (
          <Typography variant="caption" color="textSecondary">
            {t('composer.answering')}
          </Typography>
        )}
        <div className={classes.row}>
          <TextField
            className={classes.input}
            variant="outlined"
            size="small"
            multiline
            // rows (a plain textarea) goes to the input: TextField's own `rows` is deprecated.
            {...(NATIVE_AUTOSIZE ? { InputProps: { rows: 1 } } : { maxRows: MAX_ROWS })}
            value={text}
            onChange={e => setText(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder={t('composer.placeholder', { name: agentName })}
            inputRef={input}
            inputProps={{
              'aria-label': t('composer.label'),
              className: NATIVE_AUTOSIZE ? classes.nativeAutosize : undefined,
            }}
          />
          {busy ? (
            <Button
              className={classes.button}
              variant="outlined"
              color="secondary"
              startIcon={<StopIcon />}
              onClick={onStop}
            >
              {t('composer.stop')}
            </Button>
          ) : (
            <Button
              className={classes.button}
              type="submit"
              variant="contained"
              color="primary"
              startIcon={<SendIcon />}
              disabled={!text.trim()}
            >
              {t('composer.send')}
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}

/** Memoised: the chat view re-renders per frame while streaming; the composer need not. */
export const Composer = memo(ComposerImpl);
