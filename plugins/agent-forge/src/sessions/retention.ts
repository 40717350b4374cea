import { isBusy } from './model';
import type { PersistedSession } from './persistence/records';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  maxSessions?: number;
  maxAgeDays?: number;
}

export const DEFAULT_RETENTION = { maxSessions: 100, maxAgeDays: 30 } as const;

/**
 * Splits stored sessions into those to keep (most recent first, at most
 * `maxSessions`, active within `maxAgeDays`) and those to drop. A session whose
 * reply was interrupted is always kept: a reload resumes it.
 */
export function applyRetention(
  records: readonly PersistedSession[],
  policy: RetentionPolicy | undefined,
  now: number,
): { kept: PersistedSession[]; expired: PersistedSession[] } {
  const maxSessions = policy?.maxSessions ?? DEFAULT_RETENTION.maxSessions;
  const cutoff = now - (policy?.maxAgeDays ?? DEFAULT_RETENTION.maxAgeDays) * DAY_MS;
  const kept: PersistedSession[] = [];
  const expired: PersistedSession[] = [];
  for (const record of [...records].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (isBusy(record.status) || (record.updatedAt >= cutoff && kept.length < maxSessions)) kept.push(record);
    else expired.push(record);
  }
  return { kept, expired };
}
