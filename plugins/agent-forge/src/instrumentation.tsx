/*
 * Optional instrumentation, for benchmarks only (see bench/README.md).
 *
 * A bench-only app wraps the app in <AgentForgeInstrumentationProvider>. In
 * every other app the context holds nothing: the plugin renders no <Profiler>
 * and stores sessions in window.localStorage, and the only cost is a context
 * read in the instrumented views.
 *
 * Profiler ids name what rendered:
 *
 *   sidebar                                   the sessions sidebar
 *   session:<sessionId>:view                  the visible session's chat view
 *   session:<sessionId>:item|<state>|<why>#<n>  one sidebar entry
 *   message:<messageId>|<state>|<why>#<n>       one message row
 *
 * <state> is the session's or the message's status at that render (`sent`
 * for user messages). <why> lists the props that changed since the row's
 * previous render, comma-separated (`mount` for the first one), then `#<n>`,
 * the row's render count: a callback that repeats the last id comes from a
 * render inside the row (its own state or a context it reads), not from new
 * props. A row's <Profiler> sits inside a memo wrapper with the row's own
 * (shallow) comparison, so it reports exactly the renders of the row, not of
 * its parent.
 */
import {
  Profiler,
  createContext,
  createElement,
  memo,
  useContext,
  useMemo,
  useRef,
  type ComponentType,
  type ProfilerOnRenderCallback,
  type ReactElement,
  type ReactNode,
} from 'react';

/** What a bench app can plug into the plugin. */
export interface AgentForgeInstrumentation {
  /** Called by every <Profiler> the plugin renders (ids above). */
  onRender?: ProfilerOnRenderCallback;
  /** Used instead of window.localStorage for the sessions' records. */
  storage?: Storage;
}

const NONE: AgentForgeInstrumentation = {};
const InstrumentationContext = createContext<AgentForgeInstrumentation>(NONE);

/** Installs instrumentation for the plugin's views below it. Bench apps only. */
export function AgentForgeInstrumentationProvider(
  props: AgentForgeInstrumentation & { children?: ReactNode },
) {
  const { onRender, storage, children } = props;
  const value = useMemo(() => ({ onRender, storage }), [onRender, storage]);
  return (
    <InstrumentationContext.Provider value={value}>
      {children}
    </InstrumentationContext.Provider>
  );
}

export function useAgentForgeInstrumentation(): AgentForgeInstrumentation {
  return useContext(InstrumentationContext);
}

/** `node` itself, or `node` inside <Profiler id> when instrumented. */
export function profiled(
  onRender: ProfilerOnRenderCallback | undefined,
  id: string,
  node: ReactElement,
): ReactElement {
  return onRender ? (
    <Profiler id={id} onRender={onRender}>
      {node}
    </Profiler>
  ) : (
    node
  );
}

function changedProps(before: object, after: object): string {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed = Array.from(keys).filter(key => !Object.is(a[key], b[key]));
  return changed.length > 0 ? changed.join(',') : 'none';
}

/**
 * A memoised (shallow props, like the row itself) stand-in for a row that
 * wraps it in a <Profiler> whose id is `describe(props)|<why>`. Use it only
 * when instrumented: `const Row = onRender ? ProfiledRow : Row`.
 */
export function withRenderProfiler<P extends object>(
  Component: ComponentType<P>,
  describe: (props: P) => string,
): ComponentType<P> {
  function RenderProfiler(props: P) {
    const { onRender } = useContext(InstrumentationContext);
    const previous = useRef<{ props: P; count: number }>();
    const why = previous.current ? changedProps(previous.current.props, props) : 'mount';
    const count = (previous.current?.count ?? 0) + 1;
    previous.current = { props, count };
    return profiled(onRender, `${describe(props)}|${why}#${count}`, createElement(Component, props));
  }
  return memo(RenderProfiler) as unknown as ComponentType<P>;
}
