/**
 * What every page of the viewer (/ui) shares: the frame (headers, style, navigation), links,
 * badges and the one-line summaries. Every logged string is hostile (an agent's input is
 * attacker-controlled), so everything goes through hono/html's escaping template, and the
 * Content-Security-Policy forbids scripts in case a string ever slips through.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../env.js';
import { approvalsOf } from '../../session/approvals.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/**
 * Compact on purpose: at a laptop's 1366×768 the decision list must start above the fold,
 * and no cell may be cut off (long commands and ids wrap anywhere instead of overflowing).
 */
const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.35 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:6px 16px;display:flex;gap:16px;align-items:baseline}header a{color:#fff;text-decoration:none}
main{padding:8px 16px;max-width:1600px}
h1{font-size:18px;margin:4px 0 8px}h2{font-size:16px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e3e6ea;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef0f3;font-weight:600;white-space:nowrap}
td.time,td.nowrap{white-space:nowrap}
td.word{min-width:11ch}td.cats{min-width:18ch}td.text{min-width:24ch}
td.input,td.mono{font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap;min-width:16ch}
pre{background:#fff;border:1px solid #e3e6ea;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
.allow,.approved{color:#1a7f37;font-weight:600}.ask,.pending{color:#9a6700;font-weight:600}.deny,.denied{color:#cf222e;font-weight:600}.expired{color:#57606a;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;margin-bottom:8px;font-size:12px;color:#57606a}
form.filters input{width:9em}form.filters input[name=q]{width:14em}
form.answer{display:flex;flex-wrap:wrap;gap:4px}form.answer input[name=note]{width:9em}
.error{background:#ffebe9;border:1px solid #cf222e;padding:8px;margin-bottom:12px}
.notice{background:#dafbe1;border:1px solid #1a7f37;padding:8px;margin-bottom:12px}
.panels{display:flex;gap:16px;flex-wrap:wrap;margin:16px 0}.panel{background:#fff;border:1px solid #e3e6ea;padding:8px;max-width:100%}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}
.over{color:#cf222e;font-weight:600}.badge-count{color:#ffd33d;font-weight:600}
`;

export type PageStatus = 200 | 400 | 403 | 404 | 409;

/** Counted up to this many: the header says "100+" beyond. */
const PENDING_SHOWN = 100;

/** "Approvals (3 waiting)" in every page's header: an approval times out, so it must be seen. */
async function approvalsNav(c: Context<AppEnv>): Promise<Html> {
  const pending = (await approvalsOf(c.var.gateway.store, { status: 'pending', agent: null, limit: PENDING_SHOWN + 1 })).length;
  const count = pending > PENDING_SHOWN ? `${PENDING_SHOWN}+` : String(pending);
  return html`<a href="/ui/approvals" id="nav-approvals">Approvals${pending ? html` <span class="badge-count">(${count} waiting)</span>` : ''}</a>`;
}

export async function page(c: Context<AppEnv>, title: string, body: Html, status: PageStatus = 200): Promise<Response> {
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  // Not no-referrer: under it a browser sends "Origin: null" with the page's own form posts,
  // which the Origin checks must refuse. same-origin keeps the Origin for our posts only.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  return c.html(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title} · toolgate audit</title><style>${STYLE}</style></head>
<body><header><a href="/ui/decisions"><b>toolgate audit</b></a><a href="/ui/decisions">Decisions</a><a href="/ui/decisions?decision=deny">Denies</a>${await approvalsNav(c)}</header>
<main>${body}</main></body></html>`,
    status,
  );
}

const BADGES = new Set(['allow', 'ask', 'deny', 'pending', 'approved', 'denied', 'expired']);

/** A decision or an approval status, coloured by a class (never by the string itself). */
export function badge(value: string): Html {
  return html`<span class="${BADGES.has(value) ? value : ''}">${value}</span>`;
}

/** A one-line summary of a call's input: the command, path or URL when there is one. */
export function inputSummary(input: unknown, max = 300): string {
  let text: string | undefined;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const fields = input as Record<string, unknown>;
    const key = ['command', 'path', 'file_path', 'url', 'to'].find((k) => typeof fields[k] === 'string');
    if (key) text = fields[key] as string;
  }
  text ??= (typeof input === 'string' ? input : JSON.stringify(input)) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function pretty(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function hrefWith(base: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

export function decisionLink(id: string): string {
  return `/ui/decisions/${encodeURIComponent(id)}`;
}

export function sessionLink(id: string): string {
  return `/ui/sessions/${encodeURIComponent(id)}`;
}

export function approvalLink(id: string): string {
  return `/ui/approvals/${encodeURIComponent(id)}`;
}

/** An epoch-ms time as the viewer prints it (UTC, to the millisecond). */
export function when(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** 1h 5m, 42s, 350ms: how long, for a person. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
