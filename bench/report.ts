/*
 * The figures against their targets: a table for people, one JSON line for
 * tools, and bench/results/latest.json (the previous run's file is kept as
 * previous.json and each figure shows the change against it).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RESULTS_DIR = path.join(__dirname, 'results');
const LATEST = path.join(RESULTS_DIR, 'latest.json');
const PREVIOUS = path.join(RESULTS_DIR, 'previous.json');

export interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** Absent: reported only. */
  target?: { op: '<=' | '='; value: number; text?: string };
  detail?: string;
}

export interface Results {
  date: string;
  figures: Figure[];
  [more: string]: unknown;
}

export function passes(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.op === '=' ? f.value === f.target.value : f.value <= f.target.value;
}

function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
}

function readPrevious(): Results | undefined {
  try {
    return existsSync(LATEST) ? (JSON.parse(readFileSync(LATEST, 'utf8')) as Results) : undefined;
  } catch {
    return undefined;
  }
}

export function renderTable(results: Results, previous?: Results): string {
  const before = new Map(previous?.figures.map(f => [f.key, f.value]));
  const rows = results.figures.map(f => {
    const ok = passes(f);
    const was = before.get(f.key);
    const change =
      was === undefined ? '' : was === f.value ? '=' : `${f.value > was ? '+' : ''}${fmt(f.value - was, '')}`;
    return [
      ok === undefined ? '  ' : ok ? 'ok' : 'NO',
      f.label,
      fmt(f.value, f.unit),
      f.target ? (f.target.text ?? `${f.target.op === '=' ? '=' : '≤'} ${fmt(f.target.value, f.unit)}`) : 'reported',
      change,
    ];
  });
  const header = ['', 'figure', 'value', 'target', previous ? `vs ${previous.date.slice(0, 16)}` : ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const details = results.figures.filter(f => f.detail).map(f => `  ${f.label}: ${f.detail}`);
  return [line(header), line(widths.map(w => '-'.repeat(w))), ...rows.map(line), '', ...details].join('\n');
}

/** Writes latest.json (moving the old one to previous.json); returns the previous results. */
export function saveResults(results: Results): Results | undefined {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const previous = readPrevious();
  if (existsSync(LATEST)) renameSync(LATEST, PREVIOUS);
  writeFileSync(LATEST, `${JSON.stringify(results, null, 2)}\n`);
  return previous;
}

/** One line: each figure's value, target and verdict. */
export function jsonLine(results: Results): string {
  const figures: Record<string, unknown> = {};
  for (const f of results.figures) {
    figures[f.key] = { value: Number(f.value.toFixed(3)), unit: f.unit, target: f.target ? `${f.target.op} ${f.target.value}` : null, ok: passes(f) ?? null };
  }
  return JSON.stringify({ bench: 'agent-forge', date: results.date, machine: results.machine, figures });
}
