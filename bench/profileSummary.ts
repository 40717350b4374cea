/*
 * Summarises a .cpuprofile written with BENCH_PROFILE_DIR: self and total
 * time per function, in time slices (to see what grows), with names and
 * places from the bench build's source maps when `source-map-js` can be
 * loaded (it comes with the toolchain; without it, minified names).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/profileSummary.ts \
 *     <file.cpuprofile> [slices=3] [top=30] [filter=regexp]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, PRODUCTION_DIST } from './build';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Consumer {
  originalPositionFor(p: { line: number; column: number }): { source: string | null; line: number | null; name: string | null };
}

function loadConsumer(): ((map: unknown) => Consumer) | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SourceMapConsumer } = require('source-map-js');
    return map => new SourceMapConsumer(map);
  } catch {
    return undefined;
  }
}

function main() {
  const [file, slicesArg = '3', topArg = '30', filterArg = '.'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [slices] [top] [filter]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const slices = Number(slicesArg);
  const makeConsumer = loadConsumer();
  const consumers = new Map<string, Consumer | undefined>();
  const name = (node: Node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const base = url.split('/').pop() ?? '';
    // Either build: the bench app's, or the production app's ("big history").
    const mapFile = [DIST, PRODUCTION_DIST].map(d => path.join(d, 'static', `${base}.map`)).find(f => existsSync(f)) ?? '';
    if (!base.endsWith('.js') || !makeConsumer || !existsSync(mapFile)) return `${functionName || '(anonymous)'} ${base}`;
    if (!consumers.has(base)) consumers.set(base, makeConsumer(JSON.parse(readFileSync(mapFile, 'utf8'))));
    const pos = consumers.get(base)!.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
    const source = (pos.source ?? '?').replace(/^.*node_modules\//, '').replace(/^.*plugins\/agent-forge\//, 'agent-forge/');
    return `${functionName || pos.name || '(anonymous)'} ${source}:${pos.line}`;
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const names = new Map<number, string>();
  const nameOf = (n: Node) => {
    if (!names.has(n.id)) names.set(n.id, name(n));
    return names.get(n.id)!;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const t0 = times[0];
  const span = times[times.length - 1] - t0 || 1;
  const self = Array.from({ length: slices }, () => new Map<string, number>());
  const total = Array.from({ length: slices }, () => new Map<string, number>());
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (let i = 0; i < profile.samples.length; i++) {
    const slice = Math.min(slices - 1, Math.floor(((times[i] - t0) / span) * slices));
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let node = byId.get(profile.samples[i]);
    if (!node) continue;
    add(self[slice], nameOf(node), ms);
    const seen = new Set<string>();
    while (node) {
      const k = nameOf(node);
      if (!seen.has(k)) add(total[slice], k, ms);
      seen.add(k);
      node = byId.get(parent.get(node.id) ?? -1);
    }
  }
  const filter = new RegExp(filterArg);
  for (const [title, table] of [['self', self], ['total', total]] as const) {
    const keys = new Set(table.flatMap(m => Array.from(m.keys())));
    const rows = Array.from(keys)
      .filter(k => filter.test(k))
      .map(k => ({ k, v: table.map(m => m.get(k) ?? 0) }))
      .sort((a, b) => b.v.reduce((x, y) => x + y) - a.v.reduce((x, y) => x + y))
      .slice(0, Number(topArg));
    process.stdout.write(`== ${title} time, ms per slice (${slices} slices of ${(span / 1000 / slices).toFixed(0)} ms)\n`);
    for (const row of rows) process.stdout.write(`${row.v.map(v => v.toFixed(0).padStart(6)).join('')}  ${row.k}\n`);
  }
}

main();
