/**
 * Which rule areas (data.toolgate.rules.<area>) decide from the call alone: the tool, the
 * call's input, its facts, its context and data, never the session. Their findings for an
 * identical call are identical, so the pipeline may keep them and evaluate only the areas
 * that read the session on a repeated call (src/pipeline/findings-cache.ts).
 *
 * Decided once, from the Rego sources, when a policy is built, and conservatively: any use
 * of `input` other than input.facts, input.context, input.call.tool/kind/input (a bare
 * `input`, input.session, input.call.session_id, a dynamic input[x]) taints the package it
 * is in, and taint flows to every package that references a tainted one through data.
 * An area with a tainted package is evaluated on every call. A wrong answer here would
 * reuse findings across sessions, so when in doubt an area is left out; the cost of a
 * false taint is only speed.
 */

/** The parts of the input a call-only module may read. */
const CALL_ONLY_INPUT = /^\s*\.\s*(?:facts|context)\b|^\s*\.\s*call\s*\.\s*(?:tool|kind|input)\b/;
const AREA_PACKAGE = /^toolgate\.rules\.([A-Za-z_][\w]*)/;

export interface RegoModuleText {
  /** For messages only. */
  file: string;
  text: string;
}

/** Code of a module without comments and string contents (so neither can taint nor hide a reference). */
export function stripCommentsAndStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '"') {
      out += '""';
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '`') {
      out += '``';
      i++;
      while (i < text.length && text[i] !== '`') i++;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

interface ModuleInfo {
  pkg: string;
  readsBeyondCall: boolean;
  /** data references, as dotted paths (a dynamic `data.a.b[x]` is `a.b`, i.e. everything below it). */
  references: string[];
  /** Fields of input.context it reads; null when it reads input.context as a whole or dynamically. */
  contextFields: string[] | null;
}

function analyse(module: RegoModuleText): ModuleInfo | null {
  // object.get(input.context, "f", d) reads the field f, the same as input.context.f.
  const code = stripCommentsAndStrings(module.text.replace(/object\.get\(\s*input\s*\.\s*context\s*,\s*"([A-Za-z_]\w*)"/g, 'object.get(input.context.$1, ""'));
  const pkg = /^\s*package\s+([\w.]+)/m.exec(code)?.[1];
  if (!pkg) return null;
  let readsBeyondCall = false;
  let contextFields: string[] | null = [];
  // The root document only: call.input is a field, not the input.
  for (const match of code.matchAll(/(?<![.\w])input\b/g)) {
    const after = code.slice(match.index + 'input'.length, match.index + 'input'.length + 64);
    if (!CALL_ONLY_INPUT.test(after)) readsBeyondCall = true;
    if (/^\s*\.\s*context\b/.test(after)) {
      const field = /^\s*\.\s*context\s*\.\s*([A-Za-z_]\w*)/.exec(after)?.[1];
      contextFields = field && contextFields ? [...contextFields, field] : null;
    }
  }
  const references = [...code.matchAll(/\bdata\b((?:\s*\.\s*[A-Za-z_]\w*)*)/g)].map((m) => m[1].replace(/\s+/g, '').replace(/^\./, ''));
  return { pkg, readsBeyondCall, references, contextFields };
}

/**
 * The packages a data reference can reach: the packages at or below it (data.a.b[x] reaches
 * all of a.b.*), else the package it points into, the longest one that prefixes it. Rego
 * forbids a rule and a package at the same path, so a reference is one or the other.
 */
function reachedPackages(ref: string, packages: string[]): string[] {
  const below = packages.filter((pkg) => ref === '' || pkg === ref || pkg.startsWith(ref + '.'));
  if (below.length > 0) return below;
  const into = packages.filter((pkg) => ref.startsWith(pkg + '.')).sort((a, b) => b.length - a.length)[0];
  return into ? [into] : [];
}

export interface CallOnlyAnalysis {
  /** The areas whose findings depend on the call alone, sorted. */
  areas: string[];
  /**
   * The fields of input.context those areas can read (sorted), so that a call differing only in
   * another field (context_tokens grows on every call) still counts as the same call. null: the
   * whole context is read somewhere, and all of it must match.
   */
  contextFields: string[] | null;
}

export function analyseCallOnly(modules: RegoModuleText[]): CallOnlyAnalysis {
  const infos = modules.map(analyse).filter((m): m is ModuleInfo => m !== null);
  const packages = [...new Set(infos.map((m) => m.pkg))];
  const reaches = new Map(infos.map((m) => [m, new Set(m.references.flatMap((ref) => reachedPackages(ref, packages)))]));
  const tainted = new Set(infos.filter((m) => m.readsBeyondCall).map((m) => m.pkg));
  // Taint flows backwards along references until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const info of infos) {
      if (tainted.has(info.pkg)) continue;
      if ([...reaches.get(info)!].some((pkg) => tainted.has(pkg))) {
        tainted.add(info.pkg);
        changed = true;
      }
    }
  }
  const areas = new Map<string, boolean>();
  for (const info of infos) {
    const area = AREA_PACKAGE.exec(info.pkg)?.[1];
    if (!area) continue;
    areas.set(area, (areas.get(area) ?? true) && !tainted.has(info.pkg));
  }
  // Every untainted module may be reached from a call-only area: the union of what they read
  // is a superset of what those areas read.
  let contextFields: Set<string> | null = new Set();
  for (const info of infos) {
    if (tainted.has(info.pkg)) continue;
    if (info.contextFields === null) contextFields = null;
    else for (const field of info.contextFields) contextFields?.add(field);
  }
  return {
    areas: [...areas].filter(([, callOnly]) => callOnly).map(([area]) => area).sort(),
    contextFields: contextFields ? [...contextFields].sort() : null,
  };
}

/**
 * The policy declares the call-only entrypoint (toolgate.call_only_findings, decision.rego).
 * It is optional: a policy without it (a test fixture, an operator's own decision module) is
 * evaluated whole on every call.
 */
export function declaresCallOnlyFindings(modules: readonly RegoModuleText[]): boolean {
  return modules.some(({ text }) => /^\s*package\s+toolgate\s*$/m.test(text) && /^call_only_findings\s*:=/m.test(text));
}

/** The areas whose findings depend on the call alone, sorted. */
export function callOnlyAreas(modules: RegoModuleText[]): string[] {
  return analyseCallOnly(modules).areas;
}
