import { displayLabel } from '../lib/text';
import type { AgentCardSummary } from './types';

function line(value: unknown, max: number): string {
  return typeof value === 'string' ? displayLabel(value, max) : '';
}

const shownCards = new WeakMap<AgentCardSummary, AgentCardSummary>();

/**
 * The card as the page shows it. Names and descriptions come from the
 * agent: control and direction-changing characters are removed (an
 * override in the name would reverse the page's header around it) and
 * lengths are bounded.
 */
export function cardForDisplay(card: AgentCardSummary): AgentCardSummary {
  // One display card per card: the header compares cards by identity.
  let shown = shownCards.get(card);
  if (!shown) {
    shown = clean(card);
    shownCards.set(card, shown);
  }
  return shown;
}

function clean(card: AgentCardSummary): AgentCardSummary {
  return {
    ...card,
    name: line(card.name, 120) || 'Agent',
    description: line(card.description, 2_000),
    version: line(card.version, 60),
    protocolVersion: line(card.protocolVersion, 20),
    providerName: line(card.providerName, 120) || undefined,
    skills: (Array.isArray(card.skills) ? card.skills : []).slice(0, 100).map(skill => ({
      ...skill,
      id: line(skill.id, 200),
      name: line(skill.name, 200),
      description: line(skill.description, 2_000),
      examples: (Array.isArray(skill.examples) ? skill.examples : []).slice(0, 20).map(e => line(e, 500)).filter(Boolean),
      tags: (Array.isArray(skill.tags) ? skill.tags : []).slice(0, 20).map(tag => line(tag, 60)).filter(Boolean),
    })),
  };
}
