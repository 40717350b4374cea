import type { AgentClient } from '../a2a/AgentClient';
import type { A2AEvent } from '../a2a/types';
import { runTurn, type TurnOwner } from './runTurn';
import type { Turn } from './turn';
import { newTurn } from '../__testUtils__/turnEvents';

const chunk = (i: number): A2AEvent => ({
  kind: 'artifact',
  taskId: 't',
  contextId: 'c',
  artifact: { artifactId: 'a', name: 'streaming_result', append: true, lastChunk: false, parts: [], text: `${i} ` },
});

/** A stream whose events are all there already (a fast agent, a full buffer): no event waits for I/O. */
async function* buffered(count: number): AsyncGenerator<A2AEvent> {
  for (let i = 0; i < count; i++) yield chunk(i);
  yield { kind: 'status', taskId: 't', contextId: 'c', state: 'completed' };
}

function owner(turn: Turn, applied: { count: number }): TurnOwner {
  let owned = true;
  return {
    getClient: async () => ({}) as AgentClient,
    owns: t => owned && t === turn,
    apply: (t, event) => {
      applied.count += 1;
      t.apply(event);
    },
    settle: () => {
      owned = false;
    },
    showReconnecting: () => undefined,
    showQueued: () => undefined,
    reconnectDelayMs: () => 0,
    reached: () => undefined,
    endpointFailed: () => undefined,
  };
}

// Tens of thousands of events take a while on a loaded machine.
jest.setTimeout(30_000);

describe('runTurn', () => {
  it('lets other tasks run while it drains a stream that is already buffered', async () => {
    const turn = newTurn();
    const applied = { count: 0 };
    const total = 50_000;
    let appliedWhenATaskRan: number | undefined;
    // A task queued before the stream is consumed, like a click on Stop.
    setTimeout(() => {
      appliedWhenATaskRan = applied.count;
    }, 0);

    await runTurn(turn, () => buffered(total), owner(turn, applied));

    expect(applied.count).toBe(total + 1);
    expect(appliedWhenATaskRan).toBeDefined();
    expect(appliedWhenATaskRan!).toBeLessThan(total);
  });

  it('stops applying events as soon as the turn is no longer owned, even mid-burst', async () => {
    const turn = newTurn();
    const applied = { count: 0 };
    const own = owner(turn, applied);
    let release = true;
    const stopping = { ...own, owns: (t: Turn) => release && own.owns(t) };
    setTimeout(() => {
      release = false; // the user pressed Stop
    }, 0);

    await runTurn(turn, () => buffered(50_000), stopping);

    expect(applied.count).toBeLessThan(50_000);
  });
});
