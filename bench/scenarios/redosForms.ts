/*
 * The forms of the ReDoS scenario, shared by the bench agent (which sends
 * them, through its `scripted` replies) and the scenario (which submits them).
 * Each form has one text field whose pattern comes from the agent and whose
 * default is a 1,000-character value the pattern does not match: the slow
 * case for a backtracking engine.
 */
import type { ScriptedReply, ScriptedRequest } from '@internal/demo-agent';
import { CATASTROPHIC_PATTERNS } from '../../plugins/agent-forge/src/components/InputForm/__fixtures__/catastrophicPatterns';

export interface RedosProbe {
  pattern: string;
  /** What the field starts with: 1,000 characters that do not match. */
  value: string;
  /** The catastrophic set, the largest programs the guard accepts, or no pattern at all. */
  kind: 'catastrophic' | 'largest' | 'control';
}

const A_1000 = 'a'.repeat(1000);

export const REDOS_PROBES: readonly RedosProbe[] = [
  // The same form without a pattern, left empty (its error is "Required"):
  // what the click, React and the error's commit take by themselves.
  { pattern: '', value: '', kind: 'control' },
  ...CATASTROPHIC_PATTERNS.map(({ pattern, failing }) => ({ pattern, value: failing, kind: 'catastrophic' as const })),
  // Just under MAX_PATTERN_PROGRAM_SIZE (200 instructions: 199 each): the
  // slowest families found for RE2 (case-folded Unicode classes; many live
  // threads).
  { pattern: '(?i)\\p{L}{0,49}\\p{L}{0,49}x', value: A_1000, kind: 'largest' },
  { pattern: '(?:[\\s\\S]{0,24}a){4}x', value: A_1000, kind: 'largest' },
];

/** A harmless form shown first: it loads the pattern engine. */
export const WARM_UP_PROBE: RedosProbe = { pattern: '[a-z]+', value: 'not 1 match', kind: 'catastrophic' };

const MESSAGE = /⟦bench redos (-?\d+)⟧/;

/** The message that asks for probe `index` (-1: the warm-up). */
export function redosMessage(index: number): string {
  return `⟦bench redos ${index}⟧`;
}

/** The bench agent's reply to a redosMessage(): the probe's form. */
export function redosReply(request: ScriptedRequest): ScriptedReply | undefined {
  const match = MESSAGE.exec(request.text);
  if (!match || request.continuing) return undefined;
  const index = Number(match[1]);
  const probe = index < 0 ? WARM_UP_PROBE : REDOS_PROBES[index];
  if (!probe) return undefined;
  return {
    form: {
      form: {
        id: `redos-${index}`,
        title: `ReDoS probe ${index}`,
        fields: [
          {
            name: 'value',
            label: 'Value',
            type: 'text',
            required: true,
            pattern: probe.pattern || undefined,
            default: probe.value,
          },
        ],
      },
    },
  };
}
