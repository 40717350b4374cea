/**
 * @jest-environment node
 */
/*
 * Property test of the card loader: agent cards (v1.0 and v0.3 JSON) with
 * random nested junk in their fields go through what the client reads of a
 * card: `summarizeCard` (what the UI shows) and `cardInterfaces` (where the
 * client may go). No throw may escape, a wrong-typed field is dropped or
 * defaulted, and a well-typed one comes through unchanged. A few such cards
 * are then served by the real demo agent and loaded by the real client.
 *
 * Seeded: FUZZ_SEED=<n> reproduces a run (FUZZ_SEED=random explores),
 * FUZZ_RUNS=<n> sets the number of cases. A failure names the seed, the case
 * number and the card.
 */
import assert from 'node:assert/strict';
import { buildAgentCard, startDemoAgent } from '@internal/demo-agent';
import { Gen, prng, seedFromEnv } from '../__testUtils__/seededRandom';
import { AgentClient } from './AgentClient';
import { cardInterfaces } from './cardInterfaces';
import { summarizeCard } from './normalize';
import type { AgentCardSummary } from './types';

const SEED = seedFromEnv(20250214);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

class CardGen extends Gen {
  string(): string {
    return this.pick(['', 'Agent X', '💥\u0000\u202e', '<b>bold</b>', '__proto__', 'constructor', 'x'.repeat(this.int(50))]);
  }

  /** Any JSON value, nested, as JSON.parse gives it (own "__proto__" keys, no prototypes). */
  junk(depth = 0): unknown {
    if (this.chance(0.1)) {
      return JSON.parse(this.pick(['{"toString":1,"valueOf":1}', '{"toString":"x"}', '{"__proto__":{"x":1}}', '{"constructor":null}', '{"length":5}']));
    }
    const kind = this.int(depth > 2 ? 5 : 7);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.pick([0, -1, 1.5, 1e308, 42]);
      case 2:
        return this.string();
      case 3:
        return this.chance(0.5);
      case 4:
        return this.pick([{}, [], '']);
      case 5:
        return Array.from({ length: this.int(4) }, () => this.junk(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) out[this.pick(['name', 'url', 'id', 'value', 'x', this.string()])] = this.junk(depth + 1);
        return JSON.parse(JSON.stringify(out));
      }
    }
  }

  maybe(value: unknown): unknown {
    return this.chance(0.35) ? this.junk() : value;
  }
}

/** The demo agent's card in one of the formats it serves, as JSON. */
function baseCard(g: CardGen): Record<string, any> {
  const card = JSON.parse(JSON.stringify(buildAgentCard('http://agent.test'))) as Record<string, any>;
  if (g.chance(0.5)) return card;
  // The v0.3 shape: url, preferredTransport, additionalInterfaces.
  const { supportedInterfaces: _, ...rest } = card;
  return { ...rest, url: 'http://agent.test/a2a/jsonrpc', preferredTransport: 'JSONRPC', protocolVersion: '0.3', additionalInterfaces: [] };
}

/** Junk in some fields, at the top and inside skills, provider, capabilities and interfaces. */
function junkCard(g: CardGen): Record<string, any> {
  const card = baseCard(g);
  for (const field of ['name', 'description', 'version', 'documentationUrl', 'provider', 'capabilities', 'iconUrl', 'protocolVersion', 'preferredTransport', 'additionalInterfaces']) {
    if (g.chance(0.3)) card[field] = g.junk();
  }
  if (g.chance(0.2)) card.skills = g.junk();
  else if (Array.isArray(card.skills)) {
    card.skills = card.skills.map((skill: Record<string, unknown>) => {
      if (g.chance(0.1)) return g.junk();
      const out = { ...skill };
      for (const field of ['id', 'name', 'description', 'examples', 'tags']) out[field] = g.maybe(out[field]);
      if (Array.isArray(out.examples) && g.chance(0.3)) out.examples = [...out.examples, g.junk()];
      return out;
    });
  }
  if (Array.isArray(card.supportedInterfaces) && g.chance(0.3)) {
    card.supportedInterfaces = card.supportedInterfaces.map((i: Record<string, unknown>) =>
      g.chance(0.2) ? g.junk() : { ...i, url: g.maybe(i.url), protocolBinding: g.maybe(i.protocolBinding), protocolVersion: g.maybe(i.protocolVersion) },
    );
  }
  return JSON.parse(JSON.stringify(card));
}

function isStrings(value: unknown): boolean {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

/** The summary is well-typed, and every well-typed field of the card came through (plain asserts: 3,000 cards). */
function checkSummary(summary: AgentCardSummary, card: Record<string, any>): void {
  assert.equal(summary.name, typeof card.name === 'string' && card.name ? card.name : 'Agent');
  assert.equal(summary.description, typeof card.description === 'string' ? card.description : '');
  assert.equal(summary.version, typeof card.version === 'string' ? card.version : '');
  assert.equal(typeof summary.streaming, 'boolean');
  assert.ok(summary.documentationUrl === undefined || typeof summary.documentationUrl === 'string');
  assert.ok(summary.providerName === undefined || typeof summary.providerName === 'string');
  const skills: Array<Record<string, any>> = Array.isArray(card.skills)
    ? card.skills.filter((s: unknown) => typeof s === 'object' && s !== null)
    : [];
  assert.equal(summary.skills.length, skills.length);
  summary.skills.forEach((skill, index) => {
    const source = skills[index];
    for (const field of ['id', 'name', 'description'] as const) assert.equal(typeof skill[field], 'string');
    assert.ok(isStrings(skill.examples) && isStrings(skill.tags));
    if (typeof source.description === 'string') assert.equal(skill.description, source.description);
    if (isStrings(source.examples)) assert.deepEqual(skill.examples, source.examples);
    if (isStrings(source.tags)) assert.deepEqual(skill.tags, source.tags);
  });
}

describe('the card loader with junk in card fields', () => {
  it(`never throws, keeps what is well-typed and drops the rest (seed ${SEED}, ${RUNS} cards)`, () => {
    const g = new CardGen(prng(SEED));
    let failure: string | undefined;
    for (let run = 0; run < RUNS && !failure; run++) {
      const card = junkCard(g);
      try {
        checkSummary(summarizeCard(card, '1.0'), card);
        for (const i of cardInterfaces(card)) {
          assert.deepEqual([typeof i.url, typeof i.protocolBinding, typeof i.protocolVersion, typeof i.tenant], ['string', 'string', 'string', 'string']);
        }
      } catch (error) {
        failure = `seed ${SEED}, card ${run}: ${(error as Error).message}\n${JSON.stringify(card).slice(0, 2000)}`;
      }
    }
    expect(failure).toBeUndefined();
  });

  it('never throws on a card that is not an object at all', () => {
    for (const card of [null, undefined, 42, 'card', [], [{}], true]) {
      expect(summarizeCard(card, '0.3')).toMatchObject({ name: 'Agent', skills: [] });
      expect(cardInterfaces(card)).toEqual([]);
    }
  });

  it('connects to real agents serving such cards, over v1.0 and v0.3', async () => {
    const g = new CardGen(prng(SEED + 1));
    let junk: Record<string, any> = {};
    // Junk everywhere but in the interfaces: the agent must stay reachable.
    const cardTransform = (served: Record<string, unknown>) => {
      const { supportedInterfaces: _a, url: _b, preferredTransport: _c, additionalInterfaces: _d, protocolVersion: _e, ...fields } = junk;
      return { ...served, ...fields };
    };
    const agents = await Promise.all([
      startDemoAgent({ port: 0, cardTransform }),
      startDemoAgent({ port: 0, cardTransform, cardVersion: '0.3' }),
    ]);
    try {
      for (let run = 0; run < 40; run++) {
        junk = junkCard(g);
        try {
          const client = await AgentClient.connect({ baseUrl: agents[run % 2].url });
          expect(typeof client.card.name).toBe('string');
          expect(client.card.skills.every(s => typeof s.name === 'string' && isStrings(s.examples))).toBe(true);
        } catch (error) {
          throw new Error(`seed ${SEED + 1}, card ${run}: ${(error as Error).message}\n${JSON.stringify(junk).slice(0, 2000)}`);
        }
      }
    } finally {
      await Promise.all(agents.map(agent => agent.close()));
    }
  });
});
