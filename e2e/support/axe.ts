/*
 * Accessibility scan with axe-core, injected into the page from
 * node_modules (no network).
 */
import { readFileSync } from 'node:fs';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

let axeSource: string | undefined;

export type AxeViolation = Result;

export interface AxeScanOptions {
  /** CSS selectors to scan (default: the whole document). */
  include?: string[];
  /** CSS selectors to leave out. */
  exclude?: string[];
  /** Passed to axe.run (rules, runOnly, ...). */
  runOptions?: RunOptions;
  /** Impacts that count (default: serious and critical). */
  impacts?: ImpactValue[];
}

/** Runs axe-core in the page; returns the violations of the chosen impacts. */
export async function scanAccessibility(
  page: Page,
  options: AxeScanOptions = {},
): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) {
    await page.addScriptTag({ content: axeSource });
  }
  const results = await page.evaluate(
    async ({ include, exclude, runOptions }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context =
        include || exclude
          ? { include: include ?? [['html']], exclude: exclude ?? [] }
          : document;
      return (await axe.run(context as never, {
        resultTypes: ['violations'],
        ...runOptions,
      })) as AxeResults;
    },
    {
      include: options.include,
      exclude: options.exclude,
      runOptions: options.runOptions,
    },
  );
  const impacts = options.impacts ?? ['serious', 'critical'];
  return results.violations.filter(v => v.impact && impacts.includes(v.impact));
}

/** One paragraph per violation: rule, impact, help URL, and up to 5 offending nodes. */
export function formatViolations(violations: AxeViolation[]): string {
  if (violations.length === 0) {
    return 'no accessibility violations';
  }
  return violations
    .map(v => {
      const nodes = v.nodes.slice(0, 5).map(node => {
        const summary = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
        return `    - ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n      ${summary}`;
      });
      const more =
        v.nodes.length > 5 ? [`    ... and ${v.nodes.length - 5} more`] : [];
      return [
        `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`,
        `    ${v.helpUrl}`,
        ...nodes,
        ...more,
      ].join('\n');
    })
    .join('\n');
}
