/*
 * Reading stored records that are not exactly as this version writes them
 * (damaged, or of an older version), with the record schemas (zod). Loaded
 * on first need by readRecord (records.ts).
 */
import { SCHEMA_VERSION, type DecodeOptions, type DecodeResult } from './records';
import { salvageSessionV1, type SalvageContext, type Salvaged } from './salvage';

/**
 * Reads the session of a record of one version, leniently (with that
 * version's schema), and upgrades it to the current version.
 */
export type VersionReader = (session: unknown, context: SalvageContext) => Salvaged | undefined;

/**
 * One reader per record version that can still be read. Version 0 was never
 * released. When version 2 comes: `2: salvageSessionV2`, and version 1
 * becomes `(raw, c) => upgrade1to2(salvageSessionV1(raw, c))`.
 */
const READERS: Record<number, VersionReader> = {
  1: salvageSessionV1,
};

/** A decoder for records read by `readers`, the newest being `current`. */
export function recordDecoder(readers: Record<number, VersionReader>, current: number) {
  return (raw: string, options: DecodeOptions = {}): DecodeResult => {
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'corrupt' };
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return { ok: false, reason: 'invalid' };
    const { v, session } = record as { v?: unknown; session?: unknown };
    if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, reason: 'invalid' };
    // Written by a newer version of the plugin: leave it untouched.
    if (v > current) return { ok: false, reason: 'newer-version' };
    const read = Object.prototype.hasOwnProperty.call(readers, v) ? readers[v] : undefined;
    const salvaged = read?.(session, { id: options.id, now: options.now ?? Date.now() });
    if (!salvaged) return { ok: false, reason: 'invalid' };
    return { ok: true, session: salvaged.session, migrated: v < current, repaired: salvaged.repaired };
  };
}

/** Parses, checks and migrates a stored record; never throws. */
export const decodeRecord = recordDecoder(READERS, SCHEMA_VERSION);
