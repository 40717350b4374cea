import type { A2AEvent } from '../a2a/types';
import { artifact, data, newTurn, status } from '../__testUtils__/turnEvents';

describe('Turn', () => {
  describe('reply text', () => {
    it('appends streaming_result chunks and replaces the text when append is false', () => {
      const turn = newTurn();

      turn.apply(artifact('streaming_result', 'Hel', { append: true }));
      turn.apply(artifact('streaming_result', 'lo', { append: true }));
      expect(turn.text).toBe('Hello');

      turn.apply(artifact('streaming_result', 'Replaced', { append: false }));
      expect(turn.text).toBe('Replaced');
    });

    it('replaces the text with a partial_result', () => {
      const turn = newTurn();
      turn.apply(artifact('streaming_result', 'draft', { append: true }));

      turn.apply(artifact('partial_result', 'Everything so far'));

      expect(turn.text).toBe('Everything so far');
    });

    it('replaces the text with a final_result, but an empty one does not erase it', () => {
      const turn = newTurn();
      turn.apply(artifact('streaming_result', 'draft', { append: true }));

      turn.apply(artifact('final_result', 'The final answer'));
      expect(turn.text).toBe('The final answer');

      turn.apply(artifact('final_result', ''));
      turn.apply(artifact('complete_result', ''));
      expect(turn.text).toBe('The final answer');
    });

    it('replaces the text with a complete_result', () => {
      const turn = newTurn();
      turn.apply(artifact('streaming_result', 'draft', { append: true }));

      turn.apply(artifact('complete_result', 'Complete'));

      expect(turn.text).toBe('Complete');
    });

    it('collapses the buffer into one chunk when the text is read', () => {
      const turn = newTurn();
      turn.apply(artifact('streaming_result', 'a', { append: true }));
      turn.apply(artifact('streaming_result', 'b', { append: true }));
      turn.apply(artifact('streaming_result', 'c', { append: true }));
      expect(turn.streaming.streamingOutputBuffer).toEqual(['a', 'b', 'c']);

      expect(turn.text).toBe('abc');
      expect(turn.streaming.streamingOutputBuffer.length).toBe(1);
      expect(turn.streaming.streamingOutputBuffer).toEqual(['abc']);
      expect(turn.text).toBe('abc');
    });

    it('treats working-status text as the reply until a result artifact arrives, then replaces it', () => {
      const turn = newTurn();

      turn.apply(status('working', 'Looking '));
      turn.apply(status('working', 'into it'));
      expect(turn.text).toBe('Looking into it');

      turn.apply(artifact('streaming_result', 'The answer', { append: true }));
      expect(turn.text).toBe('The answer');

      turn.apply(status('working', 'progress chatter'));
      expect(turn.text).toBe('The answer');
    });

    it('uses the completed status message as the reply when nothing else was sent', () => {
      const turn = newTurn();

      turn.apply(status('completed', 'Done: 42'));

      expect(turn.text).toBe('Done: 42');
      expect(turn.notice).toBeUndefined();
    });

    it('keeps the streamed reply when the completed status message has text as well', () => {
      const turn = newTurn();
      turn.apply(artifact('final_result', 'Real answer'));

      turn.apply(status('completed', 'Task finished'));

      expect(turn.text).toBe('Real answer');
    });

    it('sets the text from a message event without a task and completes', () => {
      const turn = newTurn();

      turn.apply({
        kind: 'message',
        contextId: 'ctx-9',
        content: { text: 'Hi there', parts: [{ type: 'text', text: 'Hi there' }] },
      });

      expect(turn.text).toBe('Hi there');
      expect(turn.state).toBe('completed');
      expect(turn.ended).toBe(true);
      expect(turn.contextId).toBe('ctx-9');
      expect(turn.taskId).toBeUndefined();
    });
  });

  it('captures the taskId and contextId of the events', () => {
    const turn = newTurn();

    turn.apply(status('submitted'));

    expect(turn.taskId).toBe('task-1');
    expect(turn.streaming.taskId).toBe('task-1');
    expect(turn.contextId).toBe('ctx-1');
    expect(turn.dirty).toBe(true);
  });

  describe('execution plan', () => {
    const planV1 = data({ steps: [{ id: 's1', title: 'Search', status: 'in_progress' }] });
    const planV2 = data({
      steps: [
        { id: 's1', title: 'Search', status: 'completed' },
        { id: 's2', title: 'Summarise', status: 'pending' },
      ],
    });

    it('keeps earlier versions of the plan in the history', () => {
      const turn = newTurn();

      turn.apply(artifact('execution_plan_update', '', { parts: [planV1] }));
      expect(turn.planState.loading).toBe(false);
      expect(turn.planState.history).toEqual([]);

      turn.apply(artifact('execution_plan_update', '', { parts: [planV2] }));
      expect(turn.planState.plan).toEqual({
        title: undefined,
        steps: [
          { id: 's1', title: 'Search', status: 'completed' },
          { id: 's2', title: 'Summarise', status: 'pending' },
        ],
      });
      expect(turn.planState.history).toEqual([
        { title: undefined, steps: [{ id: 's1', title: 'Search', status: 'in_progress' }] },
      ]);
    });

    it('merges a status update into the current plan', () => {
      const turn = newTurn();
      turn.apply(artifact('execution_plan_update', '', { parts: [planV2] }));

      turn.apply(artifact('execution_plan_status_update', '', { parts: [data({ steps: [{ id: 's2', status: 'in_progress' }] })] }));

      expect(turn.planState.plan?.steps).toEqual([
        { id: 's1', title: 'Search', status: 'completed' },
        { id: 's2', title: 'Summarise', status: 'in_progress' },
      ]);
      expect(turn.planState.history).toEqual([]);
    });

    it('builds a plan from a titled status update when no plan arrived yet', () => {
      const turn = newTurn();

      turn.apply(artifact('execution_plan_status_update', '- [x] Search\n- [ ] Summarise'));

      expect(turn.planState.plan).toEqual({
        steps: [
          { id: 'step-1', title: 'Search', status: 'completed' },
          { id: 'step-2', title: 'Summarise', status: 'pending' },
        ],
      });
    });

    it('ignores a plan update it cannot parse', () => {
      const turn = newTurn();
      turn.apply(artifact('execution_plan_update', '', { parts: [planV1] }));

      turn.apply(artifact('execution_plan_update', 'no plan here'));

      expect(turn.planState.plan?.steps.map(s => s.id)).toEqual(['s1']);
      expect(turn.planState.history).toEqual([]);
    });
  });

  describe('tools', () => {
    it('sets the current tool on start and clears it on end, keeping the call in tools', () => {
      const turn = newTurn();

      turn.apply(
        artifact('tool_notification_start', '', {
          artifactId: 'call-1-start',
          parts: [data({ tool: { callId: 'call-1', name: 'search_docs', agent: 'docs' } })],
        }),
      );
      expect(turn.currentTool).toEqual({ callId: 'call-1', name: 'search_docs', agent: 'docs', status: 'running' });
      expect(turn.tools).toHaveLength(1);

      turn.apply(
        artifact('tool_notification_end', '', {
          artifactId: 'call-1-end',
          parts: [data({ tool: { callId: 'call-1', name: 'search_docs', result: '3 hits' } })],
        }),
      );
      expect(turn.currentTool).toBeUndefined();
      expect(turn.tools).toEqual([
        { callId: 'call-1', name: 'search_docs', agent: 'docs', status: 'completed', result: '3 hits' },
      ]);
    });

    it('keeps the current tool when another call ends', () => {
      const turn = newTurn();
      const tool = (callId: string) => [data({ tool: { callId, name: callId } })];

      turn.apply(artifact('tool_notification_start', '', { parts: tool('a') }));
      turn.apply(artifact('tool_notification_start', '', { parts: tool('b') }));
      turn.apply(artifact('tool_notification_end', '', { parts: tool('a') }));

      expect(turn.currentTool?.callId).toBe('b');
      expect(turn.tools.map(t => [t.callId, t.status])).toEqual([
        ['a', 'completed'],
        ['b', 'running'],
      ]);
    });

    it('clears the current tool when the task ends', () => {
      const turn = newTurn();
      turn.apply(artifact('tool_notification_start', '', { parts: [data({ tool: { callId: 'c', name: 'deploy' } })] }));

      turn.apply(status('failed', 'Deploy crashed'));

      expect(turn.currentTool).toBeUndefined();
    });
  });

  it('keeps artifacts with unknown names, concatenating appended chunks', () => {
    const turn = newTurn();

    turn.apply(artifact('report', 'part 1, ', { artifactId: 'rep' }));
    turn.apply(artifact('report', 'part 2', { artifactId: 'rep', append: true }));
    turn.apply(artifact('diagram', 'graph TD', { artifactId: 'dia' }));
    expect(turn.artifacts).toEqual([
      { artifactId: 'rep', name: 'report', text: 'part 1, part 2' },
      { artifactId: 'dia', name: 'diagram', text: 'graph TD' },
    ]);

    turn.apply(artifact('report', 'rewritten', { artifactId: 'rep' }));
    expect(turn.artifacts[0].text).toBe('rewritten');
    expect(turn.text).toBe('');
  });

  it('sets the form and the notice on input-required with a form DataPart, and ends the turn', () => {
    const turn = newTurn();
    const formPart = data({
      form: { id: 'f', title: 'Pick one', fields: [{ name: 'env', type: 'select', options: ['dev', 'prod'] }] },
    });

    turn.apply(status('input-required', 'Which environment?', [{ type: 'text', text: 'Which environment?' }, formPart]));

    expect(turn.form).toEqual({
      id: 'f',
      title: 'Pick one',
      fields: [{ name: 'env', label: 'env', type: 'select', required: false, options: ['dev', 'prod'] }],
    });
    expect(turn.notice).toBe('Which environment?');
    expect(turn.ended).toBe(true);
    expect(turn.planState.autoExpand).toBe(false);
    expect(turn.planState.loading).toBe(false);
  });

  it.each(['failed', 'canceled', 'rejected'] as const)('shows the %s status text as a notice and ends the turn', state => {
    const turn = newTurn();
    turn.apply(artifact('streaming_result', 'Partial', { append: true }));

    turn.apply(status(state, `Reason for ${state}`));

    expect(turn.notice).toBe(`Reason for ${state}`);
    expect(turn.text).toBe('Partial');
    expect(turn.state).toBe(state);
    expect(turn.ended).toBe(true);
  });

  it('collapses the plan and stops its loading state when the task completes', () => {
    const turn = newTurn();
    turn.apply(status('working'));
    expect(turn.planState).toMatchObject({ autoExpand: true, loading: true });
    expect(turn.ended).toBe(false);

    turn.apply(status('completed'));

    expect(turn.planState).toMatchObject({ autoExpand: false, loading: false });
    expect(turn.ended).toBe(true);
  });

  it('applies the artifacts and the state of a task snapshot', () => {
    const turn = newTurn();

    turn.apply({
      kind: 'task',
      taskId: 'task-7',
      contextId: 'ctx-7',
      state: 'completed',
      artifacts: [
        {
          artifactId: 'final',
          name: 'final_result',
          append: false,
          lastChunk: true,
          parts: [{ type: 'text', text: 'Snapshot answer' }],
          text: 'Snapshot answer',
        },
      ],
    });

    expect(turn.text).toBe('Snapshot answer');
    expect(turn.taskId).toBe('task-7');
    expect(turn.state).toBe('completed');
  });

  it('seeds the text of a resumed reply', () => {
    const turn = newTurn();

    turn.seedText('Shown before the reload');

    expect(turn.text).toBe('Shown before the reload');
  });

  describe('resuming a reply', () => {
    function numbered(text: string, chunkIndex: number): A2AEvent {
      const event = artifact('streaming_result', text, { append: true, artifactId: 'answer' });
      if (event.kind === 'artifact') event.artifact.metadata = { chunkIndex };
      return event;
    }

    it('keeps the text shown before the reload when the first resumed chunk appends', () => {
      const turn = newTurn();
      turn.seedText('Shown before the reload. ');
      turn.apply(numbered('More after it.', 5));
      expect(turn.text).toBe('Shown before the reload. More after it.');
    });

    it('drops a live chunk that the resubscribe snapshot already contained', () => {
      const turn = newTurn();
      turn.apply({
        kind: 'task',
        taskId: 'task-1',
        contextId: 'ctx-1',
        state: 'working',
        artifacts: [
          {
            artifactId: 'answer',
            name: 'streaming_result',
            append: false,
            lastChunk: false,
            parts: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
              { type: 'text', text: 'c' },
            ],
            text: 'abc',
          },
        ],
      });
      turn.apply(numbered('c', 2));
      turn.apply(numbered('d', 3));
      expect(turn.text).toBe('abcd');
    });
  });
});
