import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { collectSources, indexRuleLocations, indexRules, loadData, relativeTo, sourceRevision, type PolicySources } from './sources.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from '../paths.js';
import { missingBuiltinErrors, wasmCompatibilityErrors } from './wasm-compat.js';
import { loadPolicyWasm, missingBuiltins } from './runtime-builtins.js';
import { runOpa } from './opa-cli.js';
import { analyseCallOnly, declaresCallOnlyFindings, type CallOnlyAnalysis, type RegoModuleText } from './call-only-areas.js';
import { withBuildData } from './glob-index.js';
import { configErrors, prepareSchemaCheck } from './schema.js';
import { findingLiteralErrors } from './finding-literals.js';
import { displayPath, type PolicyDiagnostic } from './diagnostics.js';

export { displayPath, type PolicyDiagnostic } from './diagnostics.js';

export const ENTRYPOINT = 'toolgate/decision';
/**
 * Every finding with its mode, for `explain` (rules that allow, or are switched off, do
 * not show in the decision). Optional: a bundle built before it existed still works.
 */
export const FINDINGS_ENTRYPOINT = 'toolgate/findings';
/**
 * The findings of the call-only areas, for the gateway's analysis workers and findings cache.
 * Optional: without it (an older bundle) every call is evaluated whole.
 */
export const CALL_ONLY_ENTRYPOINT = 'toolgate/call_only_findings';
/** Which custom packages a call evaluates and which dispatch skipped, for `explain`. Optional. */
export const CUSTOM_DISPATCH_ENTRYPOINT = 'toolgate/custom_dispatch';

/** A compiled policy: what the engine loads. */
export interface CompiledPolicy {
  wasm: Buffer;
  data: Record<string, unknown>;
  /** Content hash of the Rego modules and data it was built from. */
  revision: string;
  /** Rule id → the file that declares it. */
  rules: Record<string, string>;
  /** Rule id → the line of its lib.finding(...) in that file (for the policy errors a rule causes). */
  ruleLines?: Record<string, number>;
  /** Where it came from: the bundle directory or the policy directories. */
  source: string;
  /**
   * Rule areas whose findings depend on the call alone (never the session), whose findings
   * the gateway may keep for an identical call, and the context fields they read
   * (src/policy/call-only-areas.ts). Absent or no areas: nothing is kept.
   */
  callOnly?: CallOnlyAnalysis;
  /** Things an author should know that do not stop the build (e.g. a package toolgate never reads). */
  warnings?: string[];
  /** The Rego modules it was built from (path as the rule index names it → text); absent for a bundle read from disk. */
  files?: Record<string, string>;
}

/** What the policy history stores of a revision: its Rego text and merged data, as JSON. */
export function policySourcesJson(policy: CompiledPolicy): string {
  return JSON.stringify({ files: policy.files ?? null, data: policy.data });
}

export class PolicyBuildError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(details ? `${message}:\n${details}` : message);
    this.name = 'PolicyBuildError';
  }
}

/** opa prints absolute paths; show them as the author wrote them, relative to cwd. */
export function readableOpaOutput(text: string): string {
  return text.split(process.cwd() + path.sep).join('').trim();
}


interface OpaCheckError {
  message: string;
  code?: string;
  location?: { file?: string; row?: number; col?: number };
  /** For an undefined ref under a typed document: the names that exist there. */
  details?: { oneOf?: string[]; ref?: { value?: unknown }[]; pos?: number };
}

/** opa's message, with the names a misspelled ref could have meant, nearest first (opa prints them only in prose). */
function messageOf(error: OpaCheckError): string {
  const known = error.details?.oneOf;
  if (!Array.isArray(known) || known.length === 0) return error.message;
  const have = String(error.details?.ref?.[error.details?.pos ?? -1]?.value ?? '');
  const nearest = [...known].sort((a, b) => editDistance(have, a) - editDistance(have, b) || a.localeCompare(b));
  const shown = nearest.slice(0, 6).join(', ') + (known.length > 6 ? `, … (${known.length} names)` : '');
  return `${error.message}: no field "${have}" here; nearest: ${shown}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * `opa check --format json` errors as `file:line:col: code: message`, one per line, with
 * paths relative to the working directory so that editors and terminals can jump to them.
 */
export function formatOpaErrors(output: string): string {
  let parsed: { errors?: OpaCheckError[] };
  try {
    parsed = JSON.parse(output);
  } catch {
    return readableOpaOutput(output);
  }
  const errors = parsed.errors ?? [];
  if (errors.length === 0) return readableOpaOutput(output);
  return errors
    .map((error) => {
      const where = error.location?.file
        ? `${displayPath(path.resolve(error.location.file))}:${error.location.row ?? 0}:${error.location.col ?? 0}: `
        : '';
      return `${where}${error.code ? `${error.code}: ` : ''}${messageOf(error)}`;
    })
    .join('\n');
}


/** `opa check --format json` output as diagnostics (empty when it is not that JSON). */
export function parseOpaErrors(output: string): PolicyDiagnostic[] {
  try {
    const parsed = JSON.parse(output) as { errors?: OpaCheckError[] };
    return (parsed.errors ?? []).map((error) => ({
      file: error.location?.file ? displayPath(path.resolve(error.location.file)) : null,
      line: error.location?.row ?? 0,
      column: error.location?.col ?? 0,
      code: error.code ?? 'error',
      message: messageOf(error),
    }));
  } catch {
    return [];
  }
}

export interface CheckOptions {
  strict?: boolean;
  /**
   * The merged data the policy is built with: when given, every module is type-checked
   * against the input and data.config schemas (src/policy/schema.ts), and the finding
   * literals against their enums (src/policy/finding-literals.ts).
   */
  data?: Record<string, unknown>;
}

/** `opa check` (optionally --strict) as diagnostics; `text` is the readable form. Empty when clean. */
export async function checkModulesDetailed(files: string[], options: CheckOptions = {}): Promise<{ diagnostics: PolicyDiagnostic[]; text: string | null }> {
  const diagnostics: PolicyDiagnostic[] = [];
  const texts: string[] = [];
  if (options.data) {
    for (const line of configErrors(options.data)) {
      diagnostics.push({ file: null, line: 0, column: 0, code: 'toolgate_data_error', message: line });
      texts.push(`toolgate_data_error: ${line}`);
    }
    const literals = findingLiteralErrors(files.filter((file) => !file.endsWith('_test.rego')));
    diagnostics.push(...literals);
    texts.push(...literals.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`));
  }
  const schema = options.data ? prepareSchemaCheck(options.data) : null;
  try {
    const args = ['check', '--format', 'json', '--max-errors', '-1', ...(options.strict ? ['--strict'] : []), ...(schema ? [...schema.args, schema.module] : []), ...files];
    const check = await runOpa(args);
    if (check.code !== 0) {
      const output = check.stdout.trim() || check.stderr;
      diagnostics.push(...parseOpaErrors(output));
      texts.push(formatOpaErrors(output));
    }
  } finally {
    schema?.cleanup();
  }
  return { diagnostics, text: texts.length ? texts.join('\n') : null };
}

/** Runs `opa check` (optionally --strict, typed when given the data) over files; returns readable errors, or null when clean. */
export async function checkModules(files: string[], options: CheckOptions = {}): Promise<string | null> {
  return (await checkModulesDetailed(files, options)).text;
}

/** Packages toolgate reads findings from; a custom module elsewhere would be silently ignored. */
const READ_PACKAGES = /^package\s+(toolgate\.(custom|rules|lib)(\.|\s|$)|toolgate\s*$)/m;

export function customPackageWarnings(dirs: string[], modules: string[]): string[] {
  const custom = modules.filter((file) => dirs.some((dir) => file.startsWith(dir + path.sep)));
  const warnings: string[] = [];
  for (const file of custom) {
    const text = readFileSync(file, 'utf8');
    if (/^\s*findings\s+contains/m.test(text) && !READ_PACKAGES.test(text)) {
      const pkg = /^package\s+(\S+)/m.exec(text)?.[1] ?? '?';
      warnings.push(
        `${displayPath(file)}: package ${pkg} declares findings, but toolgate only reads toolgate.custom.<name>.findings; rename the package (e.g. toolgate.custom.${pkg.split('.').pop()})`,
      );
    }
  }
  return warnings;
}

/**
 * Policy folders that hold only data (lists, thresholds, trusted MCP tools) change no Rego, so
 * they need no compiler: their data is merged over the defaults and paired with the committed
 * default bundle's WASM. Only when that bundle is the build of the default sources it ships
 * with (same revision), so the data never meets rules it was not written for; otherwise null
 * and the caller compiles as usual.
 */
export function dataOnlyPolicy(dirs: string[]): CompiledPolicy | null {
  const resolved = dirs.map((dir) => path.resolve(dir));
  if (!resolved.includes(DEFAULT_POLICY_DIR)) return null;
  const custom = collectSources(resolved.filter((dir) => dir !== DEFAULT_POLICY_DIR));
  if (custom.modules.length > 0 || custom.tests.length > 0) return null;
  let bundle: CompiledPolicy;
  try {
    bundle = readBundle(DEFAULT_BUNDLE_DIR);
  } catch {
    return null;
  }
  if (bundle.revision !== currentRevision([DEFAULT_POLICY_DIR])) return null;
  const sources = collectSources(resolved);
  const data = withBuildData(loadData(sources.dataFiles), readModules(sources));
  return { ...bundle, data, revision: sourceRevision(sources, data), source: sources.dirs.join(path.delimiter) };
}

export async function buildPolicy(dirs: string[]): Promise<CompiledPolicy> {
  try {
    const dataOnly = dataOnlyPolicy(dirs);
    if (dataOnly) return dataOnly;
  } catch (error) {
    throw new PolicyBuildError('cannot read the policy sources', readableOpaOutput((error as Error).message));
  }
  let sources: PolicySources;
  let texts: RegoModuleText[];
  let data: Record<string, unknown>;
  try {
    sources = collectSources(dirs);
    texts = readModules(sources);
    data = withBuildData(loadData(sources.dataFiles), texts);
  } catch (error) {
    throw new PolicyBuildError('cannot read the policy sources', readableOpaOutput((error as Error).message));
  }
  if (sources.modules.length === 0) throw new PolicyBuildError('no Rego modules found', dirs.join(', '));

  const errors = await checkModules([...sources.modules, ...sources.tests], { data });
  if (errors) throw new PolicyBuildError('the policy does not compile', errors);
  const incompatible = wasmCompatibilityErrors(sources.modules);
  if (incompatible.length > 0) throw new PolicyBuildError('the policy uses what the WASM runtime lacks', incompatible.join('\n'));

  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-build-'));
  try {
    const out = path.join(work, 'bundle.tar.gz');
    const callOnlyDeclared = declaresCallOnlyFindings(texts);
    const dispatchDeclared = texts.some(({ text }) => /^custom_dispatch\s*:=/m.test(text));
    const entrypoints = [
      ENTRYPOINT,
      FINDINGS_ENTRYPOINT,
      ...(callOnlyDeclared ? [CALL_ONLY_ENTRYPOINT] : []),
      ...(dispatchDeclared ? [CUSTOM_DISPATCH_ENTRYPOINT] : []),
    ].flatMap((e) => ['-e', e]);
    const build = await runOpa(['build', '-t', 'wasm', ...entrypoints, '-o', out, ...sources.modules]);
    if (build.code !== 0) {
      throw new PolicyBuildError('opa build failed', readableOpaOutput(build.stderr || build.stdout));
    }
    await tar.x({ file: out, cwd: work, filter: (p) => p.replace(/^\/+/, '') === 'policy.wasm' });
    const wasm = readFileSync(path.join(work, 'policy.wasm'));
    // A built-in the gateway cannot run would deny every call that reaches it: fail the build instead.
    const missing = missingBuiltins(loadPolicyWasm(wasm));
    if (missing.length > 0) throw new PolicyBuildError('the policy uses what the WASM runtime lacks', missingBuiltinErrors(sources.modules, missing).join('\n'));
    return {
      wasm,
      data,
      revision: sourceRevision(sources, data),
      rules: indexRules(sources),
      ruleLines: Object.fromEntries(Object.entries(indexRuleLocations(sources)).map(([rule, where]) => [rule, where.line])),
      callOnly: callOnlyDeclared ? analyseCallOnly(texts) : { areas: [], contextFields: null },
      source: sources.dirs.join(path.delimiter),
      warnings: customPackageWarnings(sources.dirs.filter((dir) => dir !== DEFAULT_POLICY_DIR), sources.modules),
      files: Object.fromEntries(texts.map(({ file, text }) => [relativeTo(sources.dirs, file), text])),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface BundleManifest {
  revision: string;
  entrypoint: string;
  rules: Record<string, string>;
  rule_lines?: Record<string, number>;
  call_only?: { areas?: unknown; context_fields?: unknown };
}

function writeAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Writes a compiled policy as a directory bundle: policy.wasm, data.json, manifest.json. */
export function writeBundle(policy: CompiledPolicy, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, 'policy.wasm'), policy.wasm);
  writeAtomic(path.join(dir, 'data.json'), JSON.stringify(policy.data, null, 2) + '\n');
  const manifest: BundleManifest = {
    revision: policy.revision,
    entrypoint: ENTRYPOINT,
    rules: policy.rules,
    rule_lines: policy.ruleLines ?? {},
    call_only: { areas: policy.callOnly?.areas ?? [], context_fields: policy.callOnly?.contextFields ?? null },
  };
  writeAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export function readBundle(dir: string): CompiledPolicy {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
    return {
      wasm: readFileSync(path.join(dir, 'policy.wasm')),
      data: JSON.parse(readFileSync(path.join(dir, 'data.json'), 'utf8')),
      revision: manifest.revision,
      rules: manifest.rules ?? {},
      ruleLines: manifest.rule_lines ?? {},
      callOnly: readCallOnly(manifest.call_only),
      source: dir,
    };
  } catch (error) {
    throw new PolicyBuildError(`cannot read the policy bundle in ${dir}`, (error as Error).message);
  }
}

/** A manifest's call_only entry; anything malformed means nothing is call-only (nothing is kept). */
function readCallOnly(raw: BundleManifest['call_only']): CallOnlyAnalysis {
  const strings = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);
  const areas = strings(raw?.areas);
  const contextFields = raw?.context_fields === null ? null : strings(raw?.context_fields);
  if (!areas || contextFields === undefined) return { areas: [], contextFields: null };
  return { areas, contextFields };
}

/** The revision the sources in `dirs` would build to, without building (for staleness checks). */
export function currentRevision(dirs: string[]): string {
  const sources = collectSources(dirs);
  return sourceRevision(sources, withBuildData(loadData(sources.dataFiles), readModules(sources)));
}

function readModules(sources: PolicySources): RegoModuleText[] {
  return sources.modules.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}
