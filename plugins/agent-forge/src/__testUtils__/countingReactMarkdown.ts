/**
 * A react-markdown module for `jest.mock` that reports every real parse to
 * `onParse` before doing it: the parse is the expensive leaf, so tests count
 * there which blocks were parsed and rendered again. (A <Profiler> around
 * each block would report every block on every commit, memo bail-out or not.)
 * `onParse` may throw, or spend time, like a failing or slow parser.
 */
export function countingReactMarkdown(onParse: (markdown: string) => void) {
  const actual = jest.requireActual('react-markdown');
  const { createElement } = jest.requireActual('react');
  return {
    __esModule: true,
    ...actual,
    default: function CountingReactMarkdown(props: { children: string }) {
      onParse(props.children);
      return createElement(actual.default, props);
    },
  };
}
