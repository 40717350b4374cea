import { cardForDisplay } from '../a2a/cardDisplay';
import type { AgentCardSummary } from '../a2a/types';
import { cutAt, displayLabel, pieces } from './text';

describe('displayLabel', () => {
  it('removes direction overrides, isolates and marks, and control characters', () => {
    expect(displayLabel('\u202EEvil\u202C Agent\u2066x\u2069\u200F\u0007')).toBe('Evil Agentx');
  });

  it('makes one line and bounds the length', () => {
    expect(displayLabel('  first\n\tsecond  ')).toBe('first second');
    expect(displayLabel('abcdef', 4)).toBe('abc…');
  });
});

describe('cutAt and pieces', () => {
  it('never splits a surrogate pair', () => {
    expect(cutAt('ab😀', 3)).toBe('ab');
    expect(pieces('a😀b😀', 2)).toEqual(['a', '😀', 'b', '😀']);
    expect(pieces('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(pieces('', 4)).toEqual([]);
  });
});

describe('cardForDisplay', () => {
  it('cleans what the page shows of a card', () => {
    const card: AgentCardSummary = {
      name: '\u202Etnega live',
      description: 'line 1\nline 2',
      version: '1.0',
      protocolVersion: '1.0',
      streaming: true,
      skills: [{ id: 's', name: '\u202Dskill', description: '', examples: ['', 'ask \u2067me'], tags: ['\u0000'] }],
    };
    expect(cardForDisplay(card)).toMatchObject({
      name: 'tnega live',
      description: 'line 1 line 2',
      skills: [{ name: 'skill', examples: ['ask me'], tags: [] }],
    });
    expect(cardForDisplay({ ...card, name: '\u202E' }).name).toBe('Agent');
  });
});
