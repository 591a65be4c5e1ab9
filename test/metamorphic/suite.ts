/**
 * Metamorphic variants (docs/detection.md), run in two halves (metamorphic-1/2.test.ts) so
 * that vitest's two workers share them: every risky bash case of rules-tests/ (one that
 * expects ask or deny) is respelled by meaning-preserving rewrites (rewrites.ts), alone and
 * composed two at a time, and decided in process with the compiled bundle, as rules-tests
 * are. A variant may never get a weaker decision than its original (allow < ask < deny).
 *
 * Compositions are sampled with a fixed seed so that the run is the same everywhere and
 * reaches at least 50,000 variants. Weakenings are printed (all of them, or the first
 * 3,000 and the full list in a file) and their count may not grow beyond baseline.json.
 * The halves split the cases by index (even, odd); the compositions per case are computed
 * over all cases, so the two halves together are exactly the whole run.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, runCase, type DecisionCase } from '../../src/testing/cases.js';
import { seededRandom } from '../../src/testing/random.js';
import { LoadedRevision, readBundle } from '../../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { normalizeCall, toolKind } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { REWRITES, argvRewrites, plainLine, type Rewrite } from './rewrites.js';

const BASELINE = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline.json'), 'utf8')) as {
  /** Weakenings allowed per half. */
  weakenings: number[];
  /** Variants the whole run must reach (each half at least its share). */
  min_variants: number;
  /**
   * Rewrites added with weakenings the producer does not close yet: each held to its own count
   * per half (its variants alone and every composition it is part of), with the reason. The
   * other rewrites stay held to `weakenings`; an entry may only fall, and goes when it reaches 0.
   */
  open_rewrites?: Record<string, { weakenings: number[]; reason: string }>;
};

/** The open rewrite a variant's weakening counts against (the first part named in open_rewrites), if any. */
function openRewrite(rewrite: string): string | null {
  return rewrite.split('+').find((part) => BASELINE.open_rewrites?.[part] !== undefined) ?? null;
}

const RANK = { allow: 0, ask: 1, deny: 2 } as const;
type Action = keyof typeof RANK;

export function risky(testCase: DecisionCase): boolean {
  const d = testCase.expect.decision;
  const accepted = d === undefined ? [] : Array.isArray(d) ? d : [d];
  return accepted.length > 0 && !accepted.includes('allow') && toolKind(testCase.tool) === 'bash' && typeof testCase.input.command === 'string';
}

/** One simple command with static words: it can be re-expressed as an argv list. */
export function staticArgv(command: string, testCase: DecisionCase): string[] | null {
  const ctx = { cwd: String(testCase.context.cwd), home: String(testCase.context.home), workspace_roots: [String(testCase.context.cwd)] };
  const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
  if (facts.commands.length !== 1 || facts.indeterminate.length > 0) return null;
  const only = facts.commands[0]!;
  if (only.redirects.length > 0 || only.wrappers.length > 0 || Object.keys(only.assignments).length > 0) return null;
  if (only.argv.some((w) => /[$`*?[{~\\]/.test(w)) || /[;&|<>()\n`$]/.test(command)) return null;
  return only.argv;
}

interface Variant {
  rewrite: string;
  text: string;
  /** The line whose decision this variant may not fall below: the original, or the argv's plain spelling (rewrites.ts). */
  reference?: string;
}

function variantsOf(command: string, testCase: DecisionCase, compositions: number, seed: number): Variant[] {
  const home = typeof testCase.context.home === 'string' ? testCase.context.home : undefined;
  const out = new Map<string, string>();
  const references = new Map<string, string>();
  const add = (rewrite: string, text: string | null) => {
    if (text !== null && text !== command && !out.has(text)) out.set(text, rewrite);
  };
  for (const r of REWRITES) add(r.name, r.apply(command, home));
  const argv = staticArgv(command, testCase);
  if (argv) {
    for (const v of argvRewrites(argv)) {
      add(v.name, v.text);
      // Every argv form is built from the analysed argv, not the line's text: held to the plain spelling.
      if (plainLine(argv) !== command) references.set(v.text, plainLine(argv));
    }
  }
  // Compositions: a respelling (word or path) under a wrapping, or two wrappings.
  const pairs: Array<[Rewrite, Rewrite]> = [];
  for (const a of REWRITES) for (const b of REWRITES) if (a !== b && (a.level !== 'line' || b.level === 'line')) pairs.push([a, b]);
  const next = seededRandom(seed);
  let tries = 0;
  let made = 0;
  while (made < compositions && tries < compositions * 6) {
    tries++;
    const [a, b] = pairs[Math.floor(next() * pairs.length)]!;
    const once = a.apply(command, home);
    if (once === null) continue;
    const twice = b.apply(once, home);
    if (twice === null || out.has(twice) || twice === command) continue;
    out.set(twice, `${a.name}+${b.name}`);
    made++;
  }
  return [...out].map(([text, rewrite]) => ({ rewrite, text, reference: references.get(text) }));
}

interface Weakening {
  case: string;
  rewrite: string;
  from: Action;
  to: Action;
  text: string;
}

export function metamorphicHalf(half: 0 | 1): void {
  describe(`metamorphic variants, half ${half + 1} of 2`, () => {
    it('no rewrite that keeps the meaning gets a weaker decision than the original', () => {
      const started = Date.now();
      const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));
      const cases = findCaseFiles([path.join(PACKAGE_ROOT, 'rules-tests')]).flatMap((file) => loadCaseFile(file)).filter(risky);
      const target = Number(process.env.TOOLGATE_METAMORPHIC_VARIANTS ?? BASELINE.min_variants);
      // Singles first; the compositions per case make up the rest of the target.
      const singles = cases.map((c) => variantsOf(c.input.command as string, c, 0, 0).length).reduce((a, b) => a + b, 0);
      const perCase = Math.max(0, Math.ceil((target - singles) / Math.max(1, cases.length)) + 2);
      const byRewrite = new Map<string, { variants: number; weakenings: number }>();
      const weakenings: Weakening[] = [];
      let variants = 0;
      let originals = 0;
      cases.forEach((testCase, index) => {
        if (index % 2 !== half) return;
        const base = runCase(revision, testCase).decision.decision as Action;
        if (base === 'allow') return;
        originals++;
        const decide = (command: string) => runCase(revision, { ...testCase, input: { ...testCase.input, command } }).decision.decision as Action;
        const plain = new Map<string, Action>();
        for (const variant of variantsOf(testCase.input.command as string, testCase, perCase, 20261207 + index)) {
          const got = decide(variant.text);
          variants++;
          // An argv-list variant keeps none of the line's spelling: held to the plain spelling's
          // decision. That lowers the bar at most from deny to ask (what a quoted command word adds
          // for hiding), never to allow: a plain spelling allowed would hide a real weakening.
          let against: Action = base;
          if (variant.reference !== undefined) {
            if (!plain.has(variant.reference)) plain.set(variant.reference, decide(variant.reference));
            const p = plain.get(variant.reference)!;
            if (RANK[p] >= RANK.ask && RANK[p] < RANK[base]) against = p;
          }
          const tally = byRewrite.get(variant.rewrite.split('+').length > 1 ? 'composition' : variant.rewrite) ?? { variants: 0, weakenings: 0 };
          tally.variants++;
          if (RANK[got] < RANK[against]) {
            tally.weakenings++;
            weakenings.push({ case: testCase.name, rewrite: variant.rewrite, from: against, to: got, text: variant.text });
          }
          byRewrite.set(variant.rewrite.split('+').length > 1 ? 'composition' : variant.rewrite, tally);
        }
      });
      const kinds = (from: Action, to: Action) => weakenings.filter((w) => w.from === from && w.to === to).length;
      const summary = `metamorphic half ${half + 1}/2: ${originals} risky cases, ${variants} variants, ${weakenings.length} weakenings (deny→ask ${kinds('deny', 'ask')}, deny→allow ${kinds('deny', 'allow')}, ask→allow ${kinds('ask', 'allow')}), ${((Date.now() - started) / 1000).toFixed(1)} s`;
      const table = [...byRewrite]
        .sort((a, b) => b[1].weakenings - a[1].weakenings || a[0].localeCompare(b[0]))
        .map(([name, t]) => `  ${name.padEnd(26)} ${String(t.variants).padStart(6)} variants ${String(t.weakenings).padStart(5)} weaker`);
      const lines = weakenings.map((w) => `  ${w.from}→${w.to} [${w.rewrite}] ${w.case.slice(0, 80)} :: ${JSON.stringify(w.text).slice(0, 240)}`);
      let tail = '';
      if (lines.length > 3000) {
        const file = path.join(tmpdir(), `toolgate-metamorphic-weakenings-${half + 1}.txt`);
        writeFileSync(file, lines.join('\n') + '\n');
        tail = `  … ${lines.length - 3000} more; the full list is in ${file}`;
      }
      console.log([summary, ...table, ...lines.slice(0, 3000), tail].filter(Boolean).join('\n'));
      expect(variants, summary).toBeGreaterThanOrEqual(Math.floor(target / 2));
      const byOpen = new Map<string, number>();
      for (const w of weakenings) {
        const open = openRewrite(w.rewrite);
        if (open !== null) byOpen.set(open, (byOpen.get(open) ?? 0) + 1);
      }
      const held = weakenings.length - [...byOpen.values()].reduce((a, b) => a + b, 0);
      console.log(`metamorphic half ${half + 1}/2: open rewrites ${JSON.stringify(Object.fromEntries(byOpen))}, every other rewrite ${held}`);
      expect(held, summary).toBeLessThanOrEqual(BASELINE.weakenings[half]!);
      for (const [name, open] of Object.entries(BASELINE.open_rewrites ?? {})) {
        expect(byOpen.get(name) ?? 0, `${summary}; open rewrite ${name}: ${open.reason}`).toBeLessThanOrEqual(open.weakenings[half]!);
      }
    }, 600_000);
  });
}
