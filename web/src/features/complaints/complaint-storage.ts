/**
 * What the browser keeps about complaints, in Web Storage:
 * - the tracking IDs a user filed from this device (there is no "my reports" endpoint), in
 *   localStorage under the user's id, IDs only — titles and texts stay on the server;
 * - the unsent text of the report form, in sessionStorage (gone with the tab), so that a lost
 *   session or a reload does not lose what was typed.
 * Storage may be blocked (private mode, policies): every call then does nothing.
 */

const MINE_PREFIX = 'terpadu.laporanSaya.';
const DRAFT_KEY = 'terpadu.laporan.draf';
const MAX_REMEMBERED = 20;

function read(storage: () => Storage, key: string): unknown {
  try {
    const text = storage().getItem(key);
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function write(storage: () => Storage, key: string, value: unknown): void {
  try {
    if (value === undefined) storage().removeItem(key);
    else storage().setItem(key, JSON.stringify(value));
  } catch {
    // Not kept; nothing else depends on it.
  }
}

const local = () => window.localStorage;
const session = () => window.sessionStorage;

export function rememberedReports(userId: string): string[] {
  const value = read(local, MINE_PREFIX + userId);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function rememberReport(userId: string, trackingId: string): void {
  const others = rememberedReports(userId).filter((id) => id !== trackingId);
  write(local, MINE_PREFIX + userId, [trackingId, ...others].slice(0, MAX_REMEMBERED));
}

export function readDraft<T extends Record<string, string>>(fields: T): T | undefined {
  const value = read(session, DRAFT_KEY);
  if (!value || typeof value !== 'object') return undefined;
  const draft = { ...fields };
  let hasText = false;
  for (const key of Object.keys(fields) as Array<keyof T>) {
    const stored = (value as Record<string, unknown>)[key as string];
    if (typeof stored === 'string') {
      draft[key] = stored as T[keyof T];
      if (stored !== fields[key]) hasText = true;
    }
  }
  return hasText ? draft : undefined;
}

export function saveDraft(values: Record<string, string>): void {
  write(session, DRAFT_KEY, values);
}

export function clearDraft(): void {
  write(session, DRAFT_KEY, undefined);
}

/** One key per report submission, kept across retries, so that a repeat files no second report. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
