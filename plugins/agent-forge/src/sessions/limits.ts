export { cutAt } from '../lib/text';

/**
 * How much of one reply the page keeps. An agent decides how much it sends;
 * these bounds decide how much a browser tab holds, stores and renders, so
 * that no reply can freeze the tab or fill its storage. Whatever goes past a
 * bound is counted and shown as truncated, never silently dropped.
 */
export interface ReplyLimits {
  /** Characters of reply text. */
  textChars: number;
  /** Artifacts with names the page does not interpret (shown as they come). */
  artifacts: number;
  /** Characters of text per such artifact. */
  artifactChars: number;
  /** Earlier versions of the plan kept in its history. */
  planVersions: number;
  /** Steps of one plan. */
  planSteps: number;
  /** Tool calls listed for one reply. */
  tools: number;
  /**
   * Events of one reply. Past this the page stops listening and asks the
   * agent to cancel: no answer needs this many, an endless stream does.
   */
  events: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = {
  textChars: 1_000_000,
  artifacts: 100,
  artifactChars: 100_000,
  planVersions: 20,
  planSteps: 200,
  tools: 200,
  events: 100_000,
};
