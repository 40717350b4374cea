import type { ChatMessage } from '../model';
import { cutPoint, recordLength, trimRecord } from './fitRecord';
import { encodeRecord, type PersistedSession } from './records';

const record = (messages: ChatMessage[]): PersistedSession => ({
  id: 's',
  title: 'T',
  customTitle: false,
  createdAt: 0,
  updatedAt: 0,
  status: 'idle',
  messages,
});
const say = (id: string, text: string): ChatMessage => ({ id, role: 'user', text, createdAt: 0 });

describe('recordLength', () => {
  it('is the length of the encoded record', () => {
    for (const messages of [[], [say('a', 'x')], [say('a', '"\\\n😀'), say('b', 'y'.repeat(1000))]]) {
      expect(recordLength(record(messages))).toBe(encodeRecord(record(messages)).length);
    }
  });
});

describe('cutPoint', () => {
  it('cuts at a paragraph end near the limit', () => {
    const text = `${'a'.repeat(90)}\n\n${'b'.repeat(100)}`;
    expect(cutPoint(text, 100)).toBe(90);
  });

  it('cuts at a word break when no paragraph ends near the limit', () => {
    const text = `${'a'.repeat(10)}\n\n${'word '.repeat(40)}`;
    expect(text.slice(0, cutPoint(text, 103))).toMatch(/word$/);
  });

  it('counts escaped characters and never splits a surrogate pair', () => {
    expect(cutPoint('😀😀😀', 3)).toBe(2);
    expect(cutPoint('""""', 4)).toBe(2);
    expect(cutPoint('short', 100)).toBe(5);
  });
});

describe('trimRecord', () => {
  it('returns the record itself when it fits', () => {
    const whole = record([say('a', 'hello')]);
    expect(trimRecord(whole, recordLength(whole))).toBe(whole);
  });

  it('gives records no longer than the budget, whatever the budget', () => {
    const full = record([say('a', 'x'.repeat(500)), say('b', 'y'.repeat(300)), say('c', 'z'.repeat(2000))]);
    const tooLong: number[] = [];
    let built = 0;
    for (let budget = 0; budget <= recordLength(full); budget += 37) {
      const trimmed = trimRecord(full, budget);
      if (trimmed) built++;
      if (trimmed && encodeRecord(trimmed).length > budget) tooLong.push(budget);
    }
    expect(tooLong).toEqual([]);
    expect(built).toBeGreaterThan(50);
  });
});
