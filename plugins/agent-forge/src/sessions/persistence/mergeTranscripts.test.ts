import type { AgentMessage, ChatMessage } from '../model';
import { mergeTranscripts, type MergeOptions } from './mergeTranscripts';

const merge = (mine: readonly ChatMessage[], theirs: readonly ChatMessage[], options?: MergeOptions) =>
  mergeTranscripts(mine, theirs, options).messages;

const user = (id: string, createdAt: number): ChatMessage => ({ id, role: 'user', text: `question ${id}`, createdAt });
const agent = (id: string, createdAt: number, status: AgentMessage['status'], text = `reply ${id}`): AgentMessage => ({
  id,
  role: 'agent',
  text,
  status,
  createdAt,
});

const history = [user('u0', 10), agent('a0', 11, 'complete')];

describe('mergeTranscripts', () => {
  it("takes the other tab's transcript as it is when this tab has nothing of its own", () => {
    const theirs = [...history, user('u1', 20), agent('a1', 21, 'streaming')];
    expect(merge(history, theirs)).toBe(theirs);
  });

  it('follows a removal made in the other tab (a Retry) for a message that is not live here', () => {
    const mine = [...history, user('u1', 20), agent('failed', 21, 'failed')];
    const theirs = [...history, user('u1', 20), agent('retried', 30, 'streaming')];
    expect(merge(mine, theirs).map(m => m.id)).toEqual(['u0', 'a0', 'u1', 'retried']);
  });

  it("keeps this tab's live turn next to the other tab's, both tabs arriving at the same order", () => {
    const alpha = [user('uA', 20), agent('aA', 20, 'streaming', 'alpha so far')];
    const bravo = [user('uB', 21), agent('aB', 21, 'streaming', 'bravo so far')];

    const inOne = merge([...history, ...alpha], [...history, ...bravo], { liveHere: new Set(['uA', 'aA']) });
    const inTwo = merge([...history, ...bravo], [...history, ...alpha], { liveHere: new Set(['uB', 'aB']) });

    expect(inOne.map(m => m.id)).toEqual(['u0', 'a0', 'uA', 'aA', 'uB', 'aB']);
    expect(inTwo.map(m => m.id)).toEqual(inOne.map(m => m.id));
  });

  it('orders two turns of the same millisecond by id, in both tabs', () => {
    const x = [user('x-user', 20), agent('x-reply', 20, 'streaming')];
    const y = [user('y-user', 20), agent('y-reply', 20, 'streaming')];
    const order = merge([...history, ...y], [...history, ...x], { liveHere: new Set(['y-user', 'y-reply']) });
    const mirrored = merge([...history, ...x], [...history, ...y], { liveHere: new Set(['x-user', 'x-reply']) });
    expect(order.map(m => m.id)).toEqual(['u0', 'a0', 'x-user', 'x-reply', 'y-user', 'y-reply']);
    expect(mirrored.map(m => m.id)).toEqual(order.map(m => m.id));
  });

  it("keeps this tab's version of its live reply, and the other tab's version of the rest", () => {
    const mine = [...history, user('uA', 20), agent('aA', 21, 'streaming', 'alpha, long by now'), agent('aB', 22, 'streaming', 'b')];
    const theirs = [...history, user('uA', 20), agent('aA', 21, 'streaming', 'alpha'), agent('aB', 22, 'complete', 'bravo, done')];

    const merged = merge(mine, theirs, { liveHere: new Set(['uA', 'aA']) });

    expect(merged.map(m => m.text)).toEqual(['question u0', 'reply a0', 'question uA', 'alpha, long by now', 'bravo, done']);
  });

  it('never takes a reply this tab saw end back to streaming from an older copy, and says the record is stale', () => {
    const mine = [...history, user('u1', 20), agent('a1', 21, 'complete', 'whole answer')];
    const theirs = [...history, user('u1', 20), agent('a1', 21, 'streaming', 'whole')];
    const merged = mergeTranscripts(mine, theirs);
    expect(merged.messages[3]).toBe(mine[3]);
    expect(merged.newer).toBe(true);
    expect(mergeTranscripts(theirs, mine).newer).toBe(false);
  });

  it('takes a resumed reply (interrupted here, streaming there) from the other tab', () => {
    const mine = [...history, user('u1', 20), agent('a1', 21, 'interrupted', 'part')];
    const theirs = [...history, user('u1', 20), agent('a1', 21, 'streaming', 'part and more')];
    expect(merge(mine, theirs)[3]).toBe(theirs[3]);
  });

  it('puts a live reply of a turn both tabs know (a Retry here) at the end of that turn', () => {
    const mine = [...history, user('u1', 20), agent('retry', 30, 'streaming')];
    const theirs = [...history, user('u1', 20), user('u2', 25), agent('a2', 26, 'streaming')];
    const merged = merge(mine, theirs, { liveHere: new Set(['retry']) });
    expect(merged.map(m => m.id)).toEqual(['u0', 'a0', 'u1', 'retry', 'u2', 'a2']);
  });

  it('keeps the older messages the other tab could not store (its record is pruned)', () => {
    const mine = [...history, user('u1', 20), agent('a1', 21, 'complete')];
    const theirs = [user('u1', 20), agent('a1', 21, 'complete')];
    expect(merge(mine, theirs, { theirsPruned: true }).map(m => m.id)).toEqual(['u0', 'a0', 'u1', 'a1']);
    expect(merge(mine, theirs)).toBe(theirs);
  });
});
