import type { ContentPart } from '../a2a/types';
import { artifact, data, newTurn } from '../__testUtils__/turnEvents';
import type { AgentMessage } from './model';

const blank: AgentMessage = { id: 'm', role: 'agent', text: '', status: 'streaming', createdAt: 0 };

describe('Turn limits', () => {
  it('keeps reply text up to the limit and marks the rest as cut', () => {
    const turn = newTurn({ textChars: 10 });
    turn.apply(artifact('streaming_result', 'abcdef', { append: true }));
    turn.apply(artifact('streaming_result', 'ghijkl', { append: true }));
    turn.apply(artifact('streaming_result', 'more', { append: true }));

    const reply = turn.applyTo(blank);
    expect(reply.text).toBe('abcdefghij');
    expect(reply.truncated).toEqual({ text: true });
  });

  it('does not cut a character in half at the limit', () => {
    const turn = newTurn({ textChars: 4 });
    turn.apply(artifact('streaming_result', 'abc😀', { append: true }));
    expect(turn.text).toBe('abc');
  });

  it('a final text within the limit replaces a cut one and is whole again', () => {
    const turn = newTurn({ textChars: 5 });
    turn.apply(artifact('streaming_result', 'far too long', { append: true }));
    turn.apply(artifact('final_result', 'short'));
    expect(turn.applyTo(blank)).toMatchObject({ text: 'short', truncated: undefined });
  });

  it('keeps the first artifacts, counts the others once each, and still updates kept ones', () => {
    const turn = newTurn({ artifacts: 2 });
    for (let i = 0; i < 5; i++) turn.apply(artifact('custom', `v${i}`, { artifactId: `a${i}` }));
    // A refused artifact streaming on counts once.
    turn.apply(artifact('custom', 'again', { artifactId: 'a4', append: true }));
    turn.apply(artifact('custom', '+', { artifactId: 'a1', append: true }));

    const reply = turn.applyTo(blank);
    expect(reply.artifacts?.map(a => [a.artifactId, a.text])).toEqual([
      ['a0', 'v0'],
      ['a1', 'v1+'],
    ]);
    expect(reply.truncated).toEqual({ artifacts: 3 });
  });

  it('cuts an artifact’s text at the limit and ignores what is appended after', () => {
    const turn = newTurn({ artifactChars: 6 });
    turn.apply(artifact('custom', 'abcd', { artifactId: 'x', append: true }));
    turn.apply(artifact('custom', 'efgh', { artifactId: 'x', append: true }));
    turn.apply(artifact('custom', 'ijkl', { artifactId: 'x', append: true }));
    expect(turn.artifacts).toEqual([{ artifactId: 'x', name: 'custom', text: 'abcdef', truncated: true }]);
  });

  it('returns the same artifacts array until an artifact changes', () => {
    const turn = newTurn();
    turn.apply(artifact('custom', 'a', { artifactId: 'x' }));
    const first = turn.artifacts;
    turn.apply(artifact('streaming_result', 'text', { append: true }));
    expect(turn.artifacts).toBe(first);
    turn.apply(artifact('custom', 'b', { artifactId: 'x', append: true }));
    expect(turn.artifacts).not.toBe(first);
  });

  it('keeps the latest plan versions in the history and counts the dropped ones', () => {
    const turn = newTurn({ planVersions: 3 });
    for (let i = 1; i <= 6; i++) {
      turn.apply(artifact('execution_plan_update', '', { parts: [data({ steps: [{ title: `version ${i}` }] })] }));
    }
    const reply = turn.applyTo(blank);
    expect(reply.plan?.steps[0].title).toBe('version 6');
    expect(reply.planHistory?.map(p => p.steps[0].title)).toEqual(['version 3', 'version 4', 'version 5']);
    expect(reply.truncated).toEqual({ planVersions: 2 });
  });

  it('keeps at most the step limit of a plan and says how many more there were', () => {
    const turn = newTurn({ planSteps: 2 });
    const steps = ['a', 'b', 'c', 'd'].map(title => ({ title }));
    turn.apply(artifact('execution_plan_update', '', { parts: [data({ steps })] }));
    expect(turn.applyTo(blank).plan).toMatchObject({ steps: [{ title: 'a' }, { title: 'b' }], omittedSteps: 2 });
  });

  it('lists tool calls up to the limit; the running one is still shown', () => {
    const turn = newTurn({ tools: 2 });
    for (let i = 0; i < 4; i++) {
      turn.apply(artifact('tool_notification_start', '', { artifactId: `t${i}`, parts: [data({ name: `tool${i}` })] }));
    }
    expect(turn.currentTool?.name).toBe('tool3');
    turn.apply(artifact('tool_notification_end', '', { artifactId: 't1', parts: [data({ name: 'tool1' })] }));

    const reply = turn.applyTo(blank);
    expect(reply.tools?.map(t => [t.name, t.status])).toEqual([
      ['tool0', 'running'],
      ['tool1', 'completed'],
    ]);
    expect(reply.truncated).toEqual({ tools: 2 });
  });

  it('overflows past the event limit and applies nothing after it', () => {
    const turn = newTurn({ events: 3 });
    for (let i = 0; i < 3; i++) turn.apply(artifact('streaming_result', 'x', { append: true }));
    expect(turn.overflowed).toBe(false);
    turn.apply(artifact('streaming_result', 'y', { append: true }));
    expect(turn.overflowed).toBe(true);
    expect(turn.text).toBe('xxx');
    expect(turn.applyTo(blank).truncated).toEqual({ events: 3 });
  });

  it('describes file parts of unknown artifacts and of a plain message', () => {
    const turn = newTurn();
    const file: ContentPart = { type: 'file', url: 'https://files.example/report.pdf', filename: 'report.pdf', mediaType: 'application/pdf' };
    turn.apply(artifact('report', '', { artifactId: 'r', parts: [file, { type: 'file', filename: 'raw.bin' }] }));
    expect(turn.artifacts[0].files).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', url: 'https://files.example/report.pdf' },
      { name: 'raw.bin', mediaType: undefined, url: undefined },
    ]);

    const message = newTurn();
    message.apply({ kind: 'message', contextId: 'c', content: { text: 'see file', parts: [{ type: 'text', text: 'see file' }, file] } });
    expect(message.applyTo(blank).files).toEqual([
      { name: 'report.pdf', mediaType: 'application/pdf', url: 'https://files.example/report.pdf' },
    ]);
  });

  it('keeps at most as many files of a plain message as artifacts', () => {
    const turn = newTurn({ artifacts: 3 });
    const parts: ContentPart[] = Array.from({ length: 1000 }, (_, i) => ({ type: 'file', filename: `f${i}` }));
    turn.apply({ kind: 'message', contextId: 'c', content: { text: '', parts } });
    expect(turn.applyTo(blank).files?.map(f => f.name)).toEqual(['f0', 'f1', 'f2']);
  });
});
