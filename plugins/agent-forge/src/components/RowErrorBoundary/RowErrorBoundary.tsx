import { Component, type ReactNode } from 'react';

const MAX_ERROR_TEXT = 300;

/**
 * What went wrong, for a details disclosure: the error's name and message,
 * shortened. Never the stack, and never logged: both may quote what the
 * agent sent.
 */
export function describeError(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    text = 'Unknown error';
  }
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

interface RowErrorBoundaryProps {
  /** What the row shows (a message, a session summary): a new one gets a new attempt. */
  item: unknown;
  /** The row in its place when rendering it threw. */
  fallback(error: string): ReactNode;
  children: ReactNode;
}

interface RowErrorBoundaryState {
  item: unknown;
  error?: string;
}

/**
 * One row of a list (a message, a chat in the sidebar) that cannot take the
 * page down: if rendering it throws, whatever the agent or storage put in
 * it, the row shows its fallback and every other row keeps working. It sits
 * inside the row's memo wrapper, so it renders only when its row does.
 */
export class RowErrorBoundary extends Component<RowErrorBoundaryProps, RowErrorBoundaryState> {
  static getDerivedStateFromProps(
    props: RowErrorBoundaryProps,
    state: RowErrorBoundaryState,
  ): Partial<RowErrorBoundaryState> | null {
    return props.item === state.item ? null : { item: props.item, error: undefined };
  }

  static getDerivedStateFromError(error: unknown): Partial<RowErrorBoundaryState> {
    return { error: describeError(error) };
  }

  state: RowErrorBoundaryState = { item: this.props.item };

  // No componentDidCatch: the plugin logs nothing (the error may quote the
  // agent's content).

  render() {
    return this.state.error === undefined ? this.props.children : this.props.fallback(this.state.error);
  }
}
