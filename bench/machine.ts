/* The machine the numbers were taken on. */
import { execSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  chromium: string;
  commit: string;
  /** 1-minute load average when the bench started (other work on the machine skews every figure). */
  loadAverage: number;
}

function git(args: string): string {
  try {
    return execSync(`git ${args}`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(chromium: string, loadAverage = os.loadavg()[0]): Machine {
  const dirty = git('status --porcelain') !== '';
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    commit: `${git('rev-parse --short HEAD') || 'unknown'}${dirty ? ' (+ uncommitted changes)' : ''}`,
    loadAverage: Math.round(loadAverage * 100) / 100,
  };
}
