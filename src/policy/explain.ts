/**
 * Explain a decision: the facts the policy saw, every rule that matched (with its mode,
 * message and data), and why the final answer won. Used by `toolgate explain` and
 * GET /v1/decisions/:id/explain. It reads what the policy returned; it decides nothing.
 */
import { policyConfig } from '../api/policy-config.js';
import type { LoadedRevision, PolicyDecision, PolicyFinding } from './engine.js';

export type FindingEffect =
  /** enforced, and its action is the answer */
  | 'decided'
  /** enforced, asked while another rule denied */
  | 'outranked'
  /** enforced, but its action is allow: it vouches, it does not decide */
  | 'allowed'
  /** warn mode: answer allow, warning attached */
  | 'warned'
  /** dryrun mode: logged only, the answer ignores it */
  | 'dryrun'
  /** switched off in data (config.disabled_rules or mode off) */
  | 'off';

export interface ExplainedFinding {
  rule: string;
  action: string;
  category: string;
  severity: string;
  message: string;
  mode: string;
  effect: FindingEffect;
  /** The policy file declaring the rule (bundle manifest). */
  file?: string;
  /** The rule's own configuration (data.config.rules.<id>) and any extra fields it emitted (obligations…). */
  data?: Record<string, unknown>;
}

export interface Explanation {
  revision: string;
  tool: string;
  kind: string;
  decision: PolicyDecision['decision'];
  risk: number;
  categories: string[];
  obligations: string[];
  /** Sentences, most important first: why this answer. */
  why: string[];
  findings: ExplainedFinding[];
  /** Custom packages the dispatch did not evaluate on this call (config.custom_dispatch). */
  skipped_custom_packages?: string[];
  facts: unknown;
  session?: unknown;
  context?: unknown;
  /** Set when findings were reconstructed from the decision alone (an older bundle). */
  note?: string;
}

const STANDARD_FIELDS = new Set(['rule', 'action', 'category', 'severity', 'message', 'mode']);
const EFFECT_ORDER: FindingEffect[] = ['decided', 'outranked', 'warned', 'dryrun', 'allowed', 'off'];

interface PolicyInputShape {
  call?: { tool?: string; kind?: string };
  facts?: unknown;
  session?: unknown;
  context?: unknown;
}

function effectOf(finding: PolicyFinding, decision: PolicyDecision): FindingEffect {
  if (finding.mode === 'off') return 'off';
  if (finding.mode === 'warn') return finding.action === 'allow' ? 'allowed' : 'warned';
  if (finding.mode === 'dryrun') return 'dryrun';
  if (finding.action === 'allow') return 'allowed';
  return finding.action === decision.decision ? 'decided' : 'outranked';
}

/** Findings from the decision alone, for bundles built without the findings entrypoint. */
function findingsFromDecision(decision: PolicyDecision): PolicyFinding[] {
  const out: PolicyFinding[] = [];
  const seen = new Set<string>();
  const add = (reasons: PolicyDecision['reasons'], mode: string) => {
    for (const r of reasons ?? []) {
      seen.add(r.rule);
      out.push({ ...r, mode });
    }
  };
  add(decision.reasons, 'enforce');
  add(decision.warnings, 'warn');
  add(decision.dryrun, 'dryrun');
  for (const rule of decision.matched ?? []) {
    if (!seen.has(rule)) out.push({ rule, action: 'allow', category: '', severity: 'info', message: '(matched; details need a rebuilt bundle)', mode: 'enforce' });
  }
  return out;
}

/**
 * `revision` is the policy that made `decision`. Pass `logged` when it is not (a logged
 * decision explained under another revision): findings then come from the decision alone.
 */
export function explainDecision(
  revision: LoadedRevision,
  input: unknown,
  decision: PolicyDecision,
  logged?: { revision: string },
): Explanation {
  const shaped = (input ?? {}) as PolicyInputShape;
  let raw: PolicyFinding[] | null = null;
  let note: string | undefined;
  if (logged && logged.revision !== revision.revision) {
    note = `decided by revision ${logged.revision}, which is not the active policy (${revision.revision}); findings are shown from the logged decision`;
  } else {
    try {
      raw = revision.findings(input);
    } catch (error) {
      note = `findings could not be evaluated (${(error as Error).message}); shown from the decision`;
    }
    if (raw === null && !note) note = 'this bundle has no toolgate/findings entrypoint (rebuild it); findings shown from the decision';
  }
  const configRules = policyConfig(revision.policy.data).rules ?? {};

  const findings: ExplainedFinding[] = (raw ?? findingsFromDecision(decision)).map((finding) => {
    const extra = Object.fromEntries(Object.entries(finding).filter(([key]) => !STANDARD_FIELDS.has(key)));
    const data = { ...(configRules[finding.rule] ? { config: configRules[finding.rule] } : {}), ...extra };
    const file = revision.policy.rules[finding.rule];
    return {
      rule: finding.rule,
      action: finding.action,
      category: finding.category,
      severity: finding.severity,
      message: finding.message,
      mode: finding.mode,
      effect: effectOf(finding, decision),
      ...(file ? { file } : {}),
      ...(Object.keys(data).length ? { data } : {}),
    };
  });
  findings.sort((a, b) => EFFECT_ORDER.indexOf(a.effect) - EFFECT_ORDER.indexOf(b.effect) || a.rule.localeCompare(b.rule));
  let skipped: string[] = [];
  if (!logged || logged.revision === revision.revision) {
    try {
      skipped = revision.customDispatch(input)?.skipped ?? [];
    } catch {
      // Explaining what was skipped is a courtesy; the decision is explained either way.
    }
  }
  const whyLines = why(decision, findings);
  if (skipped.length) {
    whyLines.push(
      `not evaluated on this call (custom_dispatch: its kinds or commands do not include this call): ${skipped.map((name) => `toolgate.custom.${name}`).join(', ')}.`,
    );
  }

  return {
    revision: logged?.revision ?? revision.revision,
    tool: shaped.call?.tool ?? '?',
    kind: shaped.call?.kind ?? '?',
    decision: decision.decision,
    risk: decision.risk,
    categories: decision.categories,
    obligations: decision.obligations,
    why: whyLines,
    findings,
    ...(skipped.length ? { skipped_custom_packages: skipped } : {}),
    facts: shaped.facts,
    session: shaped.session,
    context: shaped.context,
    ...(note ? { note } : {}),
  };
}

function names(findings: ExplainedFinding[]): string {
  return findings.map((f) => f.rule).join(', ');
}

function why(decision: PolicyDecision, findings: ExplainedFinding[]): string[] {
  const by = (effect: FindingEffect) => findings.filter((f) => f.effect === effect);
  const decided = by('decided');
  const lines: string[] = [];
  if (decision.reasons.some((r) => r.rule === 'toolgate.policy_error')) {
    lines.push(`deny: the policy could not be evaluated, and toolgate fails closed (${decision.reasons[0].message})`);
  } else if (decision.decision === 'deny') {
    lines.push(`deny: ${decided.length} enforced rule(s) deny (${names(decided)}); deny outranks ask and allow.`);
    const outranked = by('outranked');
    if (outranked.length) lines.push(`also asked, outranked by the deny: ${names(outranked)}.`);
  } else if (decision.decision === 'ask') {
    lines.push(`ask: ${decided.length} enforced rule(s) ask (${names(decided)}) and no enforced rule denies.`);
  } else {
    lines.push('allow: no enforced rule asks or denies; allow is what remains.');
  }
  const warned = by('warned');
  if (warned.length) {
    lines.push(`warn mode: ${warned.map((f) => `${f.rule} would ${f.action}`).join(', ')}; not enforced, the warning is attached to the answer and logged.`);
  }
  const dryrun = by('dryrun');
  if (dryrun.length) {
    lines.push(`dryrun: ${dryrun.map((f) => `${f.rule} would ${f.action}`).join(', ')}; logged only, the answer ignores it.`);
  }
  const off = by('off');
  if (off.length) lines.push(`switched off in data: ${names(off)}.`);
  const allowed = by('allowed');
  if (allowed.length) lines.push(`matched with action allow (vouch, never override): ${names(allowed)}.`);
  return lines;
}

/** The explanation as text for a person at a terminal. */
export function renderExplanation(e: Explanation): string {
  const out: string[] = [];
  out.push(`decision: ${e.decision.toUpperCase()}  (risk ${e.risk}${e.categories.length ? `, categories ${e.categories.join(', ')}` : ''})`);
  out.push(`tool: ${e.tool} (kind ${e.kind}) · policy revision ${e.revision}`);
  if (e.obligations.length) out.push(`obligations: ${e.obligations.join(', ')}`);
  out.push('', 'why:');
  for (const line of e.why) out.push(`  ${line}`);
  out.push('', e.findings.length ? 'matched rules:' : 'matched rules: none');
  for (const f of e.findings) {
    out.push(`  [${f.effect}] ${f.rule}  ${f.action} · ${f.category || '-'} · ${f.severity} · mode ${f.mode}${f.file ? `  (${f.file})` : ''}`);
    out.push(`      ${f.message}`);
    if (f.data) out.push(`      data: ${JSON.stringify(f.data)}`);
  }
  if (e.note) out.push('', `note: ${e.note}`);
  out.push('', 'facts:');
  out.push(
    JSON.stringify(e.facts, null, 2)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  return out.join('\n') + '\n';
}
