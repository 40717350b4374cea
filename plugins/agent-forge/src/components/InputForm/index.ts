export { InputFormView } from './InputFormView';
export type { InputFormViewProps } from './InputFormView';
export {
  MAX_PATTERN_INPUT_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM_SIZE,
  loadPatternCompiler,
} from './patternMatcher';
export type { PatternCompiler, PatternMatcher } from './patternMatcher';
export {
  answerableFields,
  coerceValues,
  initialValues,
  validateField,
  validateForm,
} from './validation';
export type { FieldErrorCode, FieldValue, FormErrors, FormValues } from './validation';
