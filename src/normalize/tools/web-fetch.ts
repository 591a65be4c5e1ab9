import type { NormalizeContext, UrlFact, WebFetchFacts } from '../facts.js';
import { scanSecrets } from '../secrets/index.js';
import { invalidUrl, parseUrl } from '../urls/index.js';
import { fetchEffects } from './effects.js';
import { asInput, safeStringify, stringField, textField } from './fields.js';

/** The facts keep at most this much of the URL as written. */
const MAX_RAW_LENGTH = 65_536;
const URL_FIELDS = ['url', 'uri', 'href', 'targetUrl', 'target_url', 'link'];
const BODY_FIELDS = ['body', 'data', 'json', 'form', 'payload'];

/** `{url, method?, body?}` (WebFetch, fetch, OpenClaw browser `targetUrl`), headers included in the secret scan. */
export function normalizeWebFetch(input: unknown, ctx: NormalizeContext): WebFetchFacts {
  void ctx;
  const fields = asInput(input);
  const rawUrl = stringField(fields, URL_FIELDS);
  const method = stringField(fields, ['method'])?.trim().toUpperCase() || 'GET';
  const body = textField(fields, BODY_FIELDS) ?? '';
  const headers = fields.headers !== undefined ? headerText(fields.headers) : '';
  // One text so each finding has one offset: the URL, then the headers, then the body (the
  // scanner decodes their encoded parts: a query value percent-encoded twice, a base64 segment).
  const scanned = [rawUrl ?? '', headers, body].join('\n');
  const url = fetchUrl(rawUrl);
  const secrets = scanSecrets(scanned);
  return {
    kind: 'web_fetch',
    indeterminate: [],
    effects: fetchEffects(url, method, body !== '', secrets),
    url,
    method: method.slice(0, 32),
    secrets,
  };
}

/**
 * Fetch tools accept `example.com/x` and `//example.com/x` and add `https`; anything that still is not a URL
 * (or no URL at all) is stated as an invalid UrlFact, never as a missing one.
 */
function fetchUrl(raw: string | null): UrlFact {
  if (raw === null) return invalidUrl('');
  const text = raw.trim();
  let parsed = parseUrl(raw) ?? (/^[^\s:/?#]+(?::\d+)?(?:[/?#]|$)/.test(text) ? parseUrl(`https://${text}`) : null);
  // Protocol-relative `//host/x`: a fetch tool has no page to inherit a scheme from and uses https.
  if (parsed !== null && parsed.scheme === '') parsed = parseUrl(`https:${text}`);
  const written = raw.slice(0, MAX_RAW_LENGTH);
  if (parsed === null) return invalidUrl(written);
  return { ...parsed, raw: written };
}


/** Headers as `Name: value` lines, whether sent as an object or as pairs. */
function headerText(headers: unknown): string {
  if (typeof headers === 'string') return headers;
  if (Array.isArray(headers)) return headers.map((h) => (Array.isArray(h) ? `${h[0]}: ${h[1]}` : safeStringify(h))).join('\n');
  if (headers !== null && typeof headers === 'object') {
    return Object.entries(headers as Record<string, unknown>)
      .slice(0, 1000)
      .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : safeStringify(value)}`)
      .join('\n');
  }
  return '';
}
