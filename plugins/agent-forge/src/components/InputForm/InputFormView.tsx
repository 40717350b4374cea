import { ChangeEvent, FormEvent, Fragment, memo, useEffect, useId, useMemo, useRef, useState } from 'react';
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
import { loadPatternCompiler, MAX_PATTERN_INPUT_LENGTH } from './patternMatcher';
import { usePatternCompiler } from './usePatternCompiler';
import {
  FieldErrorCode,
  FieldValue,
  FormErrors,
  FormValues,
  answerableFields,
  coerceValues,
  hasPattern,
  initialValues,
  submittedValue,
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
  leftOut: { display: 'block', marginTop: theme.spacing(1) },
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
    case 'tooLong':
      return t('form.tooLong', { max: MAX_PATTERN_INPUT_LENGTH.toLocaleString('en-US') });
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

function replaced<T>(list: readonly T[], index: number, value: T): readonly T[] {
  if (list[index] === value) return list;
  const next = list.slice();
  next[index] = value;
  return next;
}

function EditableForm({ form, disabled, onSubmit }: InputFormViewProps) {
  const classes = useStyles();
  const t = useAgentForgeT();
  const idPrefix = useId();
  // State is kept by field index: a field's name is data (see validation.ts).
  const { fields, duplicates } = useMemo(() => answerableFields(form.fields), [form.fields]);
  const patterns = useMemo(() => hasPattern(fields), [fields]);
  const compilePattern = usePatternCompiler(patterns);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields));
  const [errors, setErrors] = useState<FormErrors>([]);
  const [checking, setChecking] = useState(false);
  const inputs = useRef<Array<HTMLInputElement | null>>([]);
  // Fields the user has left or submitted: their pattern is checked once the engine is there.
  const visited = useRef<boolean[]>([]);
  const latest = useRef({ values, disabled });
  latest.current = { values, disabled };
  const titleId = `${idPrefix}-title`;
  const descriptionId = `${idPrefix}-description`;

  useEffect(() => {
    if (!compilePattern) return;
    const now = latest.current.values;
    setErrors(prev =>
      fields.reduce<FormErrors>(
        (next, field, index) =>
          visited.current[index] ? replaced(next, index, validateField(field, now[index], compilePattern)) : next,
        prev,
      ),
    );
  }, [compilePattern, fields]);

  const setError = (index: number, error: FieldErrorCode | undefined) =>
    setErrors(prev => replaced(prev, index, error));

  const change = (index: number, value: FieldValue) => {
    setValues(prev => replaced(prev, index, value));
    // An error shown is re-checked as the user fixes it; a new one waits for blur.
    if (errors[index]) setError(index, validateField(fields[index], value, compilePattern));
  };

  const blur = (index: number) => {
    visited.current[index] = true;
    setError(index, validateField(fields[index], values[index], compilePattern));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (disabled || checking) return;
    let compiler = compilePattern;
    if (patterns && !compiler) {
      // The engine is still loading: wait for it (never block) rather than skip the check.
      setChecking(true);
      compiler = await loadPatternCompiler();
      setChecking(false);
      if (latest.current.disabled) return;
    }
    const now = latest.current.values;
    const found = validateForm(fields, now, compiler);
    fields.forEach((_, index) => {
      visited.current[index] = true;
    });
    setErrors(found);
    const firstInvalid = found.findIndex(Boolean);
    if (firstInvalid >= 0) {
      inputs.current[firstInvalid]?.focus();
      return;
    }
    onSubmit(coerceValues(fields, now));
  };

  return (
    <Paper variant="outlined" className={classes.root}>
      <form
        noValidate
        onSubmit={event => void submit(event)}
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
          {fields.map((field, index) => {
            const id = `${idPrefix}-field-${index}`;
            const code = errors[index];
            const error = code ? errorText(t, field, code) : undefined;
            const register = (el: HTMLInputElement | null) => {
              inputs.current[index] = el;
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
                <FormControl key={index} disabled={disabled}>
                  <FormControlLabel
                    label={field.label}
                    control={
                      <Checkbox
                        id={id}
                        color="primary"
                        size="small"
                        name={field.name}
                        checked={values[index] === true}
                        onChange={e => change(index, e.target.checked)}
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
              value: values[index] as string,
              variant: 'outlined' as const,
              size: 'small' as const,
              fullWidth: true,
              inputRef: register,
              onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(index, e.target.value),
              onBlur: () => blur(index),
            };

            if (field.type === 'select') {
              const options = field.options ?? [];
              return (
                <TextField
                  key={index}
                  {...common}
                  select
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                >
                  {(!field.required || !options.includes(values[index] as string)) && <option value="" />}
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
                key={index}
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
        {duplicates > 0 && (
          <Typography variant="caption" color="textSecondary" className={classes.leftOut}>
            {t('form.duplicateFields', { count: duplicates })}
          </Typography>
        )}
        <div className={classes.actions}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            size="small"
            disabled={disabled || checking}
            aria-busy={checking}
          >
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
  const shown = answerableFields(form.fields).fields.flatMap(field => {
    const answer = submittedValue(values, field.name);
    return answer ? [{ field, value: answer.value }] : [];
  });
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
          {shown.map(({ field, value }) => (
            <Fragment key={field.name}>
              <dt className={classes.summaryTerm}>{field.label}</dt>
              <dd className={classes.summaryValue}>{formatValue(t, value)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </Paper>
  );
}

InputFormView.displayName = 'InputFormView';
