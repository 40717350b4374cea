import { ChangeEvent, FormEvent, Fragment, memo, useCallback, useId, useRef, useState } from 'react';
import { TranslationFunction } from '@backstage/core-plugin-api/alpha';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  Paper,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import type { FormField, InputForm } from '../../sessions/model';
import { agentForgeTranslationRef } from '../../translation';
import { useAgentForgeT, withAgentForgeTranslation } from '../../translationContext';
import {
  FieldErrorCode,
  FormValues,
  coerceValues,
  initialValues,
  validateField,
  validateForm,
} from './validation';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1.5, 2, 2) },
  title: { fontWeight: theme.typography.fontWeightMedium as number, overflowWrap: 'anywhere' },
  description: { marginTop: theme.spacing(0.25), whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  fields: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(1.5),
  },
  helperLine: { display: 'block', overflowWrap: 'anywhere' },
  // The field's own description keeps its colour when an error shows below it.
  helperDescription: { color: theme.palette.text.secondary },
  checkboxHelper: { marginTop: 0, marginLeft: theme.spacing(4) },
  actions: { display: 'flex', justifyContent: 'flex-end', marginTop: theme.spacing(2) },
  summaryHeader: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  submittedIcon: { color: theme.palette.success.main },
  summaryList: {
    display: 'grid',
    gridTemplateColumns: 'minmax(96px, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0, 0),
    ...theme.typography.body2,
  },
  summaryTerm: { color: theme.palette.text.secondary, overflowWrap: 'anywhere' },
  summaryValue: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

export interface InputFormViewProps {
  form: InputForm;
  disabled?: boolean;
  onSubmit(values: Record<string, unknown>): void;
  /** The values the user already submitted: shows a read-only summary instead. */
  submittedValues?: Record<string, unknown>;
}

/** Asks the user for what the agent needs, or shows what they answered. */
export const InputFormView = memo(withAgentForgeTranslation(function InputFormViewInner(props: InputFormViewProps) {
  return props.submittedValues ? (
    <SubmittedSummary form={props.form} values={props.submittedValues} />
  ) : (
    // A different form (by id) starts from its own defaults.
    <EditableForm key={props.form.id} {...props} />
  );
}));

type Translate = TranslationFunction<typeof agentForgeTranslationRef.T>;

function errorText(t: Translate, field: FormField, code: FieldErrorCode): string {
  switch (code) {
    case 'required':
      return t('form.required');
    case 'pattern':
      return t('form.invalidPattern');
    case 'number':
      return t('form.invalidNumber');
    case 'min':
      return t('form.tooSmall', { min: String(field.min) });
    case 'max':
      return t('form.tooLarge', { max: String(field.max) });
    default:
      return code;
  }
}

function EditableForm({ form, disabled, onSubmit }: InputFormViewProps) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const idPrefix = useId();
  const [values, setValues] = useState<FormValues>(() => initialValues(form));
  const [errors, setErrors] = useState<Partial<Record<string, FieldErrorCode>>>({});
  const inputs = useRef(new Map<string, HTMLInputElement | null>());
  const titleId = `${idPrefix}-title`;
  const descriptionId = `${idPrefix}-description`;

  const setError = useCallback((name: string, error: FieldErrorCode | undefined) => {
    setErrors(prev => (prev[name] === error ? prev : { ...prev, [name]: error }));
  }, []);

  const change = (field: FormField, value: string | boolean) => {
    setValues(prev => ({ ...prev, [field.name]: value }));
    // An error shown is re-checked as the user fixes it; a new one waits for blur.
    if (errors[field.name]) setError(field.name, validateField(field, value));
  };

  const blur = (field: FormField) => setError(field.name, validateField(field, values[field.name]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (disabled) return;
    const found = validateForm(form, values);
    setErrors(found);
    const firstInvalid = form.fields.find(f => found[f.name]);
    if (firstInvalid) {
      inputs.current.get(firstInvalid.name)?.focus();
      return;
    }
    onSubmit(coerceValues(form, values));
  };

  return (
    <Paper variant="outlined" className={classes.root}>
      <form
        noValidate
        onSubmit={submit}
        aria-labelledby={titleId}
        aria-describedby={form.description ? descriptionId : undefined}
      >
        <Typography id={titleId} variant="subtitle2" component="p" className={classes.title}>
          {form.title}
        </Typography>
        {form.description && (
          <Typography id={descriptionId} variant="body2" color="textSecondary" className={classes.description}>
            {form.description}
          </Typography>
        )}
        <div className={classes.fields}>
          {form.fields.map((field, index) => {
            const id = `${idPrefix}-field-${index}`;
            const code = errors[field.name];
            const error = code ? errorText(t, field, code) : undefined;
            const register = (el: HTMLInputElement | null) => {
              inputs.current.set(field.name, el);
            };
            const helper =
              field.description || error ? (
                <>
                  {field.description && (
                    <span className={`${classes.helperLine} ${classes.helperDescription}`}>{field.description}</span>
                  )}
                  {error && <span className={classes.helperLine}>{error}</span>}
                </>
              ) : undefined;

            if (field.type === 'boolean') {
              const helperId = `${id}-helper`;
              return (
                <FormControl key={field.name} disabled={disabled}>
                  <FormControlLabel
                    label={field.label}
                    control={
                      <Checkbox
                        id={id}
                        color="primary"
                        size="small"
                        name={field.name}
                        checked={values[field.name] === true}
                        onChange={e => change(field, e.target.checked)}
                        inputRef={register}
                        inputProps={{ 'aria-describedby': helper ? helperId : undefined }}
                      />
                    }
                  />
                  {helper && (
                    <FormHelperText id={helperId} className={classes.checkboxHelper}>
                      {helper}
                    </FormHelperText>
                  )}
                </FormControl>
              );
            }

            const common = {
              id,
              name: field.name,
              label: field.label,
              required: field.required,
              disabled,
              error: Boolean(error),
              helperText: helper,
              value: values[field.name] as string,
              variant: 'outlined' as const,
              size: 'small' as const,
              fullWidth: true,
              inputRef: register,
              onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(field, e.target.value),
              onBlur: () => blur(field),
            };

            if (field.type === 'select') {
              const options = field.options ?? [];
              return (
                <TextField
                  key={field.name}
                  {...common}
                  select
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                >
                  {(!field.required || !options.includes(values[field.name] as string)) && <option value="" />}
                  {options.map(option => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </TextField>
              );
            }

            return (
              <TextField
                key={field.name}
                {...common}
                type={field.type === 'number' ? 'number' : 'text'}
                inputProps={
                  field.type === 'number'
                    ? { min: field.min, max: field.max, step: 'any', inputMode: 'decimal' }
                    : undefined
                }
              />
            );
          })}
        </div>
        <div className={classes.actions}>
          <Button type="submit" variant="contained" color="primary" size="small" disabled={disabled}>
            {form.submitLabel ?? t('form.submit')}
          </Button>
        </div>
      </form>
    </Paper>
  );
}

function formatValue(t: Translate, value: unknown): string {
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The answer, shown once and readably: label → value. */
function SubmittedSummary({ form, values }: { form: InputForm; values: Record<string, unknown> }) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const titleId = `${useId()}-title`;
  const shown = form.fields.filter(field => Object.prototype.hasOwnProperty.call(values, field.name));
  return (
    <Paper variant="outlined" className={classes.root} role="group" aria-labelledby={titleId}>
      <div className={classes.summaryHeader}>
        <CheckCircleOutlineIcon fontSize="small" className={classes.submittedIcon} aria-hidden />
        <Typography id={titleId} variant="subtitle2" component="p" className={classes.title}>
          {form.title}
        </Typography>
        <Box flex={1} />
        <Typography variant="caption" color="textSecondary">
          {t('form.submitted')}
        </Typography>
      </div>
      {shown.length > 0 && (
        <dl className={classes.summaryList}>
          {shown.map(field => (
            <Fragment key={field.name}>
              <dt className={classes.summaryTerm}>{field.label}</dt>
              <dd className={classes.summaryValue}>{formatValue(t, values[field.name])}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </Paper>
  );
}

InputFormView.displayName = 'InputFormView';
