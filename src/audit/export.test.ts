import { describe, expect, it } from 'vitest';
import { csvCell, toOpaEvent, toCsvLine, CSV_COLUMNS } from './export.js';
import { parseDuration, parseTime } from './time.js';
import type { DecisionRow } from '../store/audit-queries.js';

const row: DecisionRow = {
  id: '3f1c2a4e-0000-4000-8000-000000000001',
  seq: 12,
  created_at: Date.UTC(2026, 10, 3, 9, 30, 0, 123),
  session_id: 's1',
  agent_id: 'builder',
  tool: 'Bash',
  kind: 'bash',
  input: JSON.stringify({ command: '=cmd|"/c calc"!A1' }),
  context: JSON.stringify({ cwd: '/w' }),
  facts: JSON.stringify({ kind: 'bash' }),
  session: JSON.stringify({ calls: 3 }),
  decision: 'deny',
  categories: JSON.stringify(['remote_code_exec', 'obfuscation']),
  risk: 95,
  reasons: JSON.stringify([{ rule: 'r.one', action: 'deny', message: 'm' }]),
  obligations: '[]',
  result: JSON.stringify({ decision: 'deny', matched: ['r.one', 'r.two'], reasons: [{ rule: 'r.one', action: 'deny' }] }),
  policy_revision: 'abcdef0123456789',
  latency_us: 420,
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('toOpaEvent', () => {
  it("follows OPA's decision log event shape", () => {
    const event = toOpaEvent(row);
    expect(event).toMatchObject({
      decision_id: row.id,
      path: 'toolgate/decision',
      timestamp: '2026-11-03T09:30:00.123Z',
      revision: 'abcdef0123456789',
      bundles: { toolgate: { revision: 'abcdef0123456789' } },
      labels: { id: 'toolgate' },
      metrics: { timer_server_handler_ns: 420_000 },
      input: { call: { tool: 'Bash', kind: 'bash', input: { command: '=cmd|"/c calc"!A1' }, session_id: 's1', agent_id: 'builder' } },
      result: { decision: 'deny', matched: ['r.one', 'r.two'] },
    });
    expect((event.labels as { version: string }).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('keeps a damaged JSON column as text instead of failing the export', () => {
    expect(toOpaEvent({ ...row, facts: '{not json' }).input).toMatchObject({ facts: '{not json' });
  });
});

describe('CSV', () => {
  it('quotes, doubles quotes and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '  =1+1', '\n=1']) {
      expect(csvCell(formula).replace(/^"/, ''), JSON.stringify(formula)).toMatch(/^'/);
    }
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a'])).toBe('"[""a""]"');
  });

  it('writes one line per decision with attribution columns', () => {
    const cells = toCsvLine(row);
    expect(cells.startsWith('12,3f1c2a4e-0000-4000-8000-000000000001,2026-11-03T09:30:00.123Z,s1,builder,Bash,bash,deny,remote_code_exec;obfuscation,95,r.one,r.one;r.two,')).toBe(true);
    expect(CSV_COLUMNS).toContain('decided_by');
  });
});

describe('times', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);
  it('reads dates, date-times (UTC when no zone), epoch ms and durations back from now', () => {
    expect(parseTime('2026-11-01', now)).toBe(Date.UTC(2026, 10, 1));
    expect(parseTime('2026-11-01T09:00:00Z', now)).toBe(Date.UTC(2026, 10, 1, 9));
    expect(parseTime('2026-11-01T09:00', now)).toBe(Date.UTC(2026, 10, 1, 9));
    expect(parseTime('2026-11-01T09:00:00+02:00', now)).toBe(Date.UTC(2026, 10, 1, 7));
    expect(parseTime('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTime('1795611748527', now)).toBe(1795611748527);
    expect(parseDuration('90d')).toBe(90 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
  });

  it('rejects what it cannot read, saying what would work', () => {
    for (const bad of ['', 'yesterday', '2026-13-45', '7 days', '-7d', '1e3', '2026-11-01T25:00Z']) {
      expect(() => parseTime(bad, now), bad).toThrow(/is not a time/);
    }
    for (const bad of ['0d', '90', 'd', '1y']) expect(() => parseDuration(bad), bad).toThrow(/duration/);
  });
});
