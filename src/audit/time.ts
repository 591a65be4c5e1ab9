/**
 * Times as auditors type them: an RFC 3339 / ISO date ("2026-11-01", "2026-11-01T09:00:00Z"),
 * epoch milliseconds, or a duration back from now ("7d", "12h", "30m", "2w", "90s").
 */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export class TimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeFormatError';
  }
}

/** "90d" → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d{1,9})\s*([smhdw])\s*$/i.exec(text);
  if (!match) throw new TimeFormatError(`"${text}" is not a duration: use a number and a unit s, m, h, d or w (e.g. 90d, 12h)`);
  const ms = Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
  if (ms <= 0) throw new TimeFormatError(`"${text}" is not a positive duration`);
  return ms;
}

/** A point in time, in epoch ms. */
export function parseTime(text: string, now = Date.now()): number {
  const trimmed = text.trim();
  if (/^\d{1,9}\s*[smhdw]$/i.test(trimmed)) return now - parseDuration(trimmed);
  if (/^\d{11,15}$/.test(trimmed)) return Number(trimmed);
  // A date or date-time; a date-time without zone is read as UTC, not as local time.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)) {
    const withZone = /T|\s/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed.replace(' ', 'T');
    const ms = Date.parse(withZone);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TimeFormatError(
    `"${text}" is not a time: use an RFC 3339 date or date-time (2026-11-01, 2026-11-01T09:00:00Z), epoch milliseconds, or a duration back from now (7d, 12h)`,
  );
}

/** RFC 3339 with milliseconds, UTC. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
