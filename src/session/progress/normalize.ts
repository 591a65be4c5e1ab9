/**
 * The output normaliser: removes from a tool's output what varies between two runs without
 * meaning anything (durations, timestamps, ages, PIDs, temporary names, ANSI codes,
 * progress bars, random ids), so that two runs that ended the same way normalise to the
 * same text, and a status that really moved (queued → running, 2/5 → 3/5, 14 errors → 9)
 * still shows. The patterns are a table, applied in order; each says why.
 */
import { escapeRe, memoPattern } from './patterns.js';

/** Columns of a table (`kubectl get`, `docker ps`) whose values are clocks or counters of trouble, by header word. */
export interface NormalizeOptions {
  /** Header words of columns whose values are masked (AGE, CREATED, RESTARTS…): time, or a counter that climbing is not progress. */
  masked_columns: string[];
  /** `key=value` / `key: value` keys whose values are masked (pid, id, elapsed…). */
  masked_keys: string[];
}

export const DEFAULT_NORMALIZE: NormalizeOptions = {
  masked_columns: ['age', 'created', 'started', 'updated', 'last seen', 'time', 'duration', 'elapsed', 'restarts', 'uptime', 'status since'],
  masked_keys: ['pid', 'id', 'request_id', 'request-id', 'trace_id', 'span_id', 'elapsed', 'took', 'duration', 'time', 'ts', 'timestamp', 'date', 'at', 'started', 'uptime', 'seed',
    'updatedat', 'updated_at', 'createdat', 'created_at', 'startedat', 'started_at', 'completedat', 'completed_at', 'lastseen', 'last_seen'],
};

const UNIT = String.raw`(?:ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|[KMGT]i?B(?:/s)?|[kKMG]?B/s|it/s|s/it)`;

/** [pattern, replacement, why]. Order matters: ANSI and carriage returns first, numbers last. */
const RULES: [RegExp, string][] = [
  // numbers in URL paths and queries (run ids, build numbers): which run is not what happened
  [/(https?:\/\/[^\s/]+)(\/[^\s'")]*)/g, '\u0000URL$1$2'],
  // ANSI colour and cursor codes
  [/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>]/g, ''],
  // progress bars: runs of bar characters, and [====>   ] style brackets
  [/[█▉▊▋▌▍▎▏▓▒░■□#=>\-]{6,}/g, '<bar>'],
  [/\[\s*[=#>\-. ]{3,}\s*\]/g, '<bar>'],
  // ISO and common timestamps, dates, clock times
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g, '<time>'],
  // an ISO date whose clock is cut or odd (`2026-12-07T06:41Z` as some APIs print it): still a time
  [/\b\d{4}-\d{2}-\d{2}T[\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b\d{4}[-/]\d{2}[-/]\d{2}\b/g, '<date>'],
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +(?:\d{1,2} +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* +\d{1,2}[, ]+(?:\d{4} +)?\d{1,2}:\d{2}(?::\d{2})?(?: ?[A-Z]{2,5})?(?: \d{4})?/g, '<time>'],
  [/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* +\d{1,2},? +\d{1,2}:\d+(?:[.,:]\d+)*\b/g, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // UUIDs, long hex (commit and image digests, request ids), base64-ish random tokens with digits
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<id>'],
  [/\b(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Z])(?=[A-Za-z0-9_]*[a-z])[A-Za-z0-9_]{16,}\b/g, '<id>'],
  // the random suffix of a generated name (a pod of a replica set: worker-<id>-x7k2p)
  [/(<id>)-[a-z0-9]{1,10}(?:\.\d+)?\b/g, '$1-<id>'],
  // a number that opens a log line before its level is a timestamp (epoch or counter)
  // (also in brackets, and after a container's `name |` prefix: `worker-1 | [1733562000.41] ERROR …`)
  [/^((?:[\w.-]+\s+\|\s+)?)\[?\d+(?:[.,]\d+)?\]?(?=\s+\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|Normal|Warning)\b)/gm, '$1<time>'],
  // a CI run's or job's id: `(ID 3417)`, `main CI · 2918` (gh's title · run id), `of run 2231`,
  // `job #88` — which run it was is not what happened (a count says `3 of 5`: left alone)
  [/\bID #?\d+(?:[.,]\d+)?\b/g, 'ID <id>'],
  [/ · #?\d+(?:[.,]\d+)?[ \t]*$/gm, ' · <id>'],
  [/\b(run|job|build|pipeline|deployment|workflow)( #| )\d+(?:[.,]\d+)?\b(?! ?(?:of\b|\/))/gi, '$1$2<id>'],
  // the third field of a tab-separated log line (`gh run view --log`: job, step, time) opens with
  // the time of the line
  [/^([^\t\n]*\t[^\t\n]*\t)\d+(?:[.,]\d+)?Z?(?= )/gm, '$1<time>'],
  // a number ending in Z is a UTC time (`06:41:07.5Z` cut to its seconds)
  [/\b\d+(?:[.,]\d+)?Z\b/g, '<time>'],
  // an event seen again: `(x12 over 9m)` counts repeats of the same trouble, not progress
  [/\(x\d+(?:[.,]\d+)? over\b/g, '(x<n> over'],
  // tqdm's elapsed<remaining: `[03:12<00:41, 2.1it/s]`
  [/\[[\d:.,]+<[\d:.,?]+/g, '[<dur><<dur>'],
  // a date followed by a clock in any precision (`<date> 06:41`, `06:41:07.123`)
  [/(<date>)[ T]\d{1,2}:\d+(?:[.,:]\d+)*/g, '<time>'],
  // wget's `--2026-12-07 06:41:07--` before a URL, BuildKit's step timer (`#7 0.374 …`)
  [/^--[^\s-][^\n]{0,40}?--(?=\s+\S+:\/\/)/gm, '--<time>--'],
  [/^(#\d+) \d+(?:[.,]\d+)?(?= )/gm, '$1 <dur>'],
  // a test run's summary ends with how long it took: `1 failed, 84 passed in 12.41` (unit or not)
  [/(\b\d+ (?:passed|failed|skipped|deselected|errors?|warnings?|xfailed|xpassed)\b[^\n]*? in )\d+(?:[.,]\d+)?/g, '$1<dur>'],
  // temporary names
  [/\/tmp\/[^\s'"):,]+/g, '/tmp/<tmp>'],
  [/\btmp[._-]?[A-Za-z0-9]{4,}\b/g, '<tmp>'],
  // "about 3 minutes ago", "5m ago"
  [/\b(?:about |almost |over )?(?:an?|\d+(?:\.\d+)?) ?(?:\w+ )?(?:ns|µs|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhd]) ago\b/g, '<ago>'],
  // "about 12 ago" (a count of anything before `ago` is a relative time)
  [/\b(?:about |almost |over )?\d+(?:[.,]\d+)?(?: ?[a-z]{1,8})? ago\b/g, '<ago>'],
  // durations and sizes: 1.2s, 340 ms, 2m13s, 1.21 KiB, 3.4 MiB/s
  [new RegExp(String.raw`\b\d+(?:[.,]\d+)?(?:h\d+)?(?:m\d+)?\s?${UNIT}(?![A-Za-z])`, 'g'), '<dur>'],
  [new RegExp(String.raw`\b\d+(?:[.,]\d+)?${UNIT}\d+(?:[.,]\d+)?${UNIT}?(?![A-Za-z])`, 'g'), '<dur>'],
  // PIDs
  [/\b(?:pid|PID|process)[ :=#]+\d+\b/g, 'pid <pid>'],
  // decimal numbers (timings printed without a unit, load figures); integers stay, they are counts
  [/\b\d+\.\d+(?:\.\d+)*\b/g, '<num>'],
];

// `key=v`, `key: v`, and JSON's `"key": "v"` (the quotes kept out of the value masked).
const keyPattern = memoPattern((keys) => new RegExp(String.raw`\b(${keys.map(escapeRe).join('|')})(["']?\s*[=:]\s*["']?)[^\s,;)\]}"']+`, 'gi'));

/** Masks the columns of an aligned table whose header names a clock or a trouble counter. */
function maskColumns(lines: string[], columns: string[]): string[] {
  if (columns.length === 0) return lines;
  let header: { starts: number[]; masked: Set<number> } | null = null;
  const out: string[] = [];
  for (const line of lines) {
    // A header: at least three cells, separated by two or more spaces, mostly upper case words.
    if (/^[A-Z][A-Z0-9 _()-]*\S(\s{2,}[A-Z][A-Z0-9 _()/-]*)+\s*$/.test(line)) {
      const cells = [...line.matchAll(/\S+(?: \S+)*/g)];
      if (cells.length >= 2) {
        const masked = new Set<number>();
        cells.forEach((c, k) => {
          if (columns.includes(c[0].toLowerCase())) masked.add(k);
        });
        header = { starts: cells.map((c) => c.index!), masked };
        out.push(line);
        continue;
      }
    }
    if (header && header.masked.size > 0 && line.trim() !== '') {
      const cells = line.trim().split(/\s{2,}|\t/);
      if (cells.length === header.starts.length) {
        out.push(cells.map((c, k) => (header!.masked.has(k) ? '<col>' : c)).join('  '));
        continue;
      }
      // Cells separated by single spaces where a column is narrow: mask by the header's positions.
      out.push(line);
      continue;
    }
    if (line.trim() === '') header = null;
    out.push(line);
  }
  return out;
}

/** The normalised output: same meaning, same text. */
export function normalizeOutput(text: string, options: NormalizeOptions = DEFAULT_NORMALIZE): string {
  // Carriage returns redraw a line (progress): keep what the line finally showed.
  let lines = text.split('\n').map((line) => {
    const k = line.lastIndexOf('\r', line.length - 2);
    return (k >= 0 ? line.slice(k + 1) : line).replace(/\r$/, '');
  });
  lines = maskColumns(lines, options.masked_columns);
  let out = lines.join('\n');
  out = out.replace(keyPattern(options.masked_keys), (_m, key: string, sep: string) => `${key}${sep}<v>`);
  for (const [re, rep] of RULES) out = out.replace(re, rep);
  out = out.replace(/\u0000URL(\S+)/g, (_m, url: string) => url.replace(/\d+/g, '#'));
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .filter((l, k, all) => l !== '' || (k > 0 && all[k - 1] !== ''))
    .join('\n')
    .trim();
}
