export { InputFormView } from './InputFormView';
export type { InputFormViewProps } from './InputFormView';
export {
  MAX_PATTERN_INPUT_LENGTH,
  coerceValues,
  compilePattern,
  hasNestedQuantifier,
  initialValues,
  validateField,
  validateForm,
} from './validation';
export type { FieldErrorCode, FormValues } from './validation';
