import { act, render } from '@testing-library/react';
import type { ChatSession } from '../../sessions/ChatSession';
import type { SessionSnapshot } from '../../sessions/model';
import { useSessionSnapshotWhile } from '../../react/useSessionStore';
import { keptPanes } from './ChatView';

describe('keptPanes', () => {
  const all = () => true;

  it('keeps the last five sessions shown, the active one last', () => {
    let panes: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) panes = keptPanes(panes, id, all);
    expect(panes).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(keptPanes(panes, 'c', all)).toEqual(['b', 'd', 'e', 'f', 'c']);
  });

  it('drops sessions that are gone, and keeps the others when nothing is active', () => {
    expect(keptPanes(['a', 'b', 'c'], 'c', id => id !== 'b')).toEqual(['a', 'c']);
    expect(keptPanes(['a', 'b'], undefined, all)).toEqual(['a', 'b']);
  });
});

/** A session's store as React reads it: subscribe and getSnapshot. */
function fakeSession(first: SessionSnapshot) {
  let snapshot = first;
  const listeners = new Set<() => void>();
  return {
    session: {
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      getSnapshot: () => snapshot,
    } as unknown as ChatSession,
    publish(next: SessionSnapshot) {
      snapshot = next;
      listeners.forEach(l => l());
    },
    listeners,
  };
}

describe('useSessionSnapshotWhile', () => {
  const snap = (title: string) => ({ title }) as SessionSnapshot;

  it('does not subscribe or render while hidden, and shows the latest state when shown again', () => {
    const store = fakeSession(snap('one'));
    let renders = 0;
    function Pane({ visible }: { visible: boolean }) {
      renders += 1;
      return <p>{useSessionSnapshotWhile(store.session, visible).title}</p>;
    }
    const view = render(<Pane visible />);
    act(() => store.publish(snap('two')));
    expect(view.container.textContent).toBe('two');

    view.rerender(<Pane visible={false} />);
    expect(store.listeners.size).toBe(0);
    const hiddenAt = renders;
    act(() => store.publish(snap('three')));
    act(() => store.publish(snap('four')));
    expect(renders).toBe(hiddenAt);
    expect(view.container.textContent).toBe('two');

    view.rerender(<Pane visible />);
    expect(view.container.textContent).toBe('four');
    expect(store.listeners.size).toBe(1);
  });
});
