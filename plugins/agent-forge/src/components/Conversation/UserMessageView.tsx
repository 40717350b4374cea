import { memo } from 'react';
import { Typography, makeStyles } from '@material-ui/core';
import type { InputForm, UserMessage } from '../../sessions/model';
import { withAgentForgeTranslation } from '../../translationContext';
import { InputFormView } from '../InputForm';
import { RowErrorBoundary } from '../RowErrorBoundary';
import { BrokenMessage } from './BrokenMessage';
import { StorageNotes } from './StorageNotes';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: theme.spacing(0.5) },
  bubble: {
    maxWidth: '80%',
    padding: theme.spacing(1, 1.75),
    borderRadius: 14,
    borderBottomRightRadius: 4,
    backgroundColor: theme.palette.type === 'dark' ? theme.palette.primary.dark : theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  answer: { maxWidth: '80%', minWidth: 260 },
}));

export interface UserMessageViewProps {
  message: UserMessage;
  /** The form this message answered, if it did. */
  form?: InputForm;
}

/** What the user wrote (plain text), or the values they submitted in a form. */
function UserMessageViewImpl({ message, form }: UserMessageViewProps) {
  const classes = useStyles();
  return (
    <div className={classes.root} data-message-id={message.id}>
      {message.data && form ? (
        <div className={classes.answer}>
          <InputFormView form={form} submittedValues={message.data} onSubmit={() => undefined} />
        </div>
      ) : (
        <Typography component="div" variant="body1" className={classes.bubble}>
          {message.text}
        </Typography>
      )}
      <StorageNotes message={message} />
    </div>
  );
}

const TranslatedUserMessageView = withAgentForgeTranslation(UserMessageViewImpl);

/** The row, inside its own error boundary: a broken message breaks only itself. */
function GuardedUserMessageView(props: UserMessageViewProps) {
  return (
    <RowErrorBoundary item={props.message} fallback={error => <BrokenMessage message={props.message} error={error} />}>
      <TranslatedUserMessageView {...props} />
    </RowErrorBoundary>
  );
}

export const UserMessageView = memo(GuardedUserMessageView);
