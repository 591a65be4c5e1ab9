/**
 * A query that found nothing: what a database, search or lookup tool answers when nothing
 * matched (`[]`, `(0 rows)`, `Empty set`, `{"hits": []}`, `No results found`). A run of such
 * answers from one family in new spellings (a needle looked for with ever new WHERE clauses) is
 * a search without progress, whatever the tool is called (loop.query_empty). An output that is
 * simply empty is not one: a quiet command that succeeds prints nothing.
 */

/** Last lines (or whole outputs) that say a query matched nothing; case-insensitive, spaces collapsed. */
export const DEFAULT_EMPTY_RESULTS = [
  '[]', '{}', 'null', '(0 rows)', '0 rows', '0 rows returned', 'no rows', 'no rows returned', 'empty set', 'no results', 'no results found',
  'no matches', 'no matches found', 'no match found', 'nothing found', 'no records found', 'no documents found', '0 results', 'found 0 results',
  'no items', 'no entries', 'no data',
];

/**
 * A JSON answer with nothing in it: `[]`, `{}`, `null`, or objects whose arrays are all empty
 * (at least one) and whose numbers are all 0 (`{"rows": [], "total": 0}`, `{"hits": {"hits": [],
 * "total": {"value": 0}}}`); strings are labels (`"status": "ok"` alone found something: no array).
 */
function emptyJson(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return false;
  if (Object.keys(value as object).length === 0) return true;
  let emptyArrays = 0;
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) {
      if (v.length > 0) return false;
      emptyArrays++;
      return true;
    }
    if (v !== null && typeof v === 'object') return Object.values(v as Record<string, unknown>).every(walk);
    return v === null || v === 0 || v === false || typeof v === 'string';
  };
  return walk(value) && emptyArrays > 0;
}

/**
 * The normalised output says the query found nothing: it is an empty JSON answer, or its last
 * line (a trailing timing in brackets left out: `Empty set (<dur>)`) is one of `markers`.
 */
export function foundNothing(normalized: string, markers: string[] = DEFAULT_EMPTY_RESULTS): boolean {
  // A line that carries only an id or a time under a key (`request-id: <id>`, added by a client or
  // a proxy) says nothing about what was found.
  const text = normalized
    .split('\n')
    .filter((l) => !/^\s*[\w-]+:\s*<(?:id|v|time|num|dur|date)>\s*$/.test(l))
    .join('\n')
    .trim();
  if (text === '') return false;
  if (/^[[{n]/.test(text)) {
    try {
      return emptyJson(JSON.parse(text));
    } catch {
      // not JSON: judged by its last line
    }
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines.at(-1)!.toLowerCase().replace(/\s+/g, ' ').replace(/\s*\([^()]*\)$/, '').replace(/[.!]$/, '');
  const bare = lines.at(-1)!.toLowerCase().replace(/\s+/g, ' ');
  return markers.some((m) => {
    const k = m.toLowerCase();
    return k === last || k === bare;
  });
}
