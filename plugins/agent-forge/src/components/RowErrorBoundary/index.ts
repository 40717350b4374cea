export { RowErrorBoundary, describeError } from './RowErrorBoundary';
