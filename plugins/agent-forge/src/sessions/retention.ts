import { isBusy } from './model';
import type { PersistedSession } from './persistence/records';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  maxSessions?: number;
  maxAgeDays?: number;
}

export const DEFAULT_RETENTION = { maxSessions: 100, maxAgeDays: 30 } as const;

export interface RetentionResult {
  kept: PersistedSession[];
  expired: PersistedSession[];
  /** Why: how many of `expired` were older than `maxAgeDays`, how many over `maxSessions`. */
  tooOld: number;
  overLimit: number;
  maxAgeDays: number;
  maxSessions: number;
}

/**
 * Splits stored sessions into those to keep (most recent first, at most
 * `maxSessions`, active within `maxAgeDays`) and those to drop, counting
 * why (the user is told). A session whose reply was interrupted is always
 * kept: a reload resumes it.
 */
export function applyRetention(
  records: readonly PersistedSession[],
  policy: RetentionPolicy | undefined,
  now: number,
): RetentionResult {
  const maxSessions = policy?.maxSessions ?? DEFAULT_RETENTION.maxSessions;
  const maxAgeDays = policy?.maxAgeDays ?? DEFAULT_RETENTION.maxAgeDays;
  const cutoff = now - maxAgeDays * DAY_MS;
  const result: RetentionResult = { kept: [], expired: [], tooOld: 0, overLimit: 0, maxAgeDays, maxSessions };
  for (const record of [...records].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (isBusy(record.status)) {
      result.kept.push(record);
    } else if (record.updatedAt < cutoff) {
      result.expired.push(record);
      result.tooOld++;
    } else if (result.kept.length >= maxSessions) {
      result.expired.push(record);
      result.overLimit++;
    } else {
      result.kept.push(record);
    }
  }
  return result;
}
