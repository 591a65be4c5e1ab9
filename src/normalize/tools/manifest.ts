/**
 * Container manifests (docker compose services, Kubernetes pod specs, and fragments of them
 * an Edit adds) say how a container will run: privileged, in the host's namespaces, with the
 * host's root or the runtime socket mounted. Each container whose manifest loosens its
 * boundary is written as the `docker run` line it stands for (tools/container-input.ts), so
 * the container rules judge a manifest as they judge the same options on a command line. A
 * container that loosens nothing gives no line: an ordinary manifest states nothing more.
 * Data: a new manifest key is a new line of the tables below.
 */
import { parseAllDocuments } from 'yaml';
import { containerCommandLine } from './container-input.js';
import type { BashFacts, NormalizeContext } from '../facts.js';
import { normalizeBash } from '../bash/index.js';

/** The bash facts the container rules read, under the names they read them by. */
export type ShellFields = Pick<BashFacts, 'command' | 'commands' | 'pipelines' | 'flows' | 'names' | 'signals' | 'parse_error'>;

/** A command line's facts as shell fields of another kind's facts (the policy dispatches the bash area too). */
export function shellFieldsOf(facts: BashFacts): ShellFields {
  const { command, commands, pipelines, flows, names, signals, parse_error } = facts;
  return { command, commands, pipelines, flows, names, signals, parse_error };
}

/**
 * The shell fields of the `docker run` lines a written manifest stands for, or {} when it
 * stands for none: a Write or Edit of a manifest meets the container rules as the line would.
 */
export function manifestShellFields(paths: readonly { path: string }[], texts: readonly string[], ctx: NormalizeContext): Partial<ShellFields> {
  const lines = paths.flatMap((p) => texts.flatMap((t) => manifestCommandLines(p.path, t)));
  return lines.length === 0 ? {} : shellFieldsOf(normalizeBash([...new Set(lines)].join('\n'), ctx));
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Compose service keys that loosen the boundary (any one makes the service worth a line). */
const COMPOSE_LOOSENING = ['privileged', 'pid', 'network_mode', 'ipc', 'userns_mode', 'cap_add', 'security_opt', 'devices'];
/** Pod spec keys for the host's namespaces → the docker option's field. */
const POD_HOST_NAMESPACES: Readonly<Record<string, string>> = { hostPID: 'pid', hostNetwork: 'network', hostIPC: 'ipc' };
const POD_CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** The fields (container-input's names) of one container, or null when it loosens nothing. */
type Fields = Record<string, unknown>;

/** A compose service (or an Edit's fragment of one): its own keys are docker's. */
function composeFields(service: Json): Fields | null {
  const volumes = Array.isArray(service.volumes) ? service.volumes.filter((v) => hostMount(v)) : [];
  const loosened = COMPOSE_LOOSENING.some((k) => loosens(service[k])) || volumes.length > 0;
  if (!loosened) return null;
  const fields: Fields = { image: typeof service.image === 'string' ? service.image : 'manifest-image' };
  for (const key of COMPOSE_LOOSENING) if (service[key] !== undefined) fields[key] = service[key];
  if (volumes.length > 0) fields.volumes = volumes;
  return fields;
}

/** A pod spec: host namespaces, hostPath volumes as mounts where a container mounts them, privileged or added capabilities. */
function podFields(spec: Json): Fields[] {
  const out: Fields[] = [];
  const hostPaths = new Map<string, string>();
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      if (isRecord(v) && typeof v.name === 'string' && isRecord(v.hostPath) && typeof v.hostPath.path === 'string') hostPaths.set(v.name, v.hostPath.path);
    }
  }
  const shared: Fields = {};
  for (const [key, field] of Object.entries(POD_HOST_NAMESPACES)) if (spec[key] === true) shared[field] = 'host';
  for (const listKey of POD_CONTAINER_LISTS) {
    const list = spec[listKey];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c)) continue;
      const fields: Fields = { ...shared, image: typeof c.image === 'string' ? c.image : 'manifest-image' };
      const sc = isRecord(c.securityContext) ? c.securityContext : {};
      if (sc.privileged === true) fields.privileged = true;
      const caps = isRecord(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add : [];
      if (caps.length > 0) fields.cap_add = caps;
      const mounts: string[] = [];
      const declared = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      for (const m of declared) {
        if (isRecord(m) && typeof m.name === 'string' && hostPaths.has(m.name)) mounts.push(`${hostPaths.get(m.name)}:${typeof m.mountPath === 'string' ? m.mountPath : '/mnt'}`);
      }
      // A hostPath volume no container of this fragment mounts (an Edit adding the volume) still reaches the host.
      if (declared.length === 0) for (const p of hostPaths.values()) mounts.push(`${p}:/mnt`);
      if (mounts.length > 0) fields.volumes = mounts;
      if (Object.keys(fields).length > 1) out.push(fields);
    }
  }
  if (out.length === 0 && (Object.keys(shared).length > 0 || hostPaths.size > 0)) {
    out.push({ ...shared, image: 'manifest-image', ...(hostPaths.size > 0 ? { volumes: [...hostPaths.values()].map((p) => `${p}:/mnt`) } : {}) });
  }
  return out;
}

function loosens(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'string') return value !== '' && value !== 'false';
  return Array.isArray(value) && value.length > 0;
}

/** A compose volume that mounts a host path (absolute, or the runtime socket), not a named volume or a relative folder. */
function hostMount(v: unknown): boolean {
  const source = typeof v === 'string' ? v.split(':')[0] : isRecord(v) ? v.source : undefined;
  return typeof source === 'string' && (source.startsWith('/') || source.startsWith('~'));
}

/** Every mapping of a document, depth first, bounded. */
function mappings(doc: unknown, out: Json[] = [], depth = 0): Json[] {
  if (depth > 24 || out.length > 500) return out;
  if (Array.isArray(doc)) for (const v of doc) mappings(v, out, depth + 1);
  else if (isRecord(doc)) {
    out.push(doc);
    for (const v of Object.values(doc)) mappings(v, out, depth + 1);
  }
  return out;
}

/** The container specs of a manifest's documents: pod specs (a mapping with containers) and compose-like services. */
export function manifestContainers(docs: readonly unknown[]): Fields[] {
  const out: Fields[] = [];
  for (const doc of docs) {
    const all = mappings(doc);
    const pods = all.filter((m) => POD_CONTAINER_LISTS.some((k) => Array.isArray(m[k])) || Object.keys(POD_HOST_NAMESPACES).some((k) => m[k] === true));
    // What lies inside a pod spec (a container, its securityContext) is read as part of the pod.
    const inside = new Set(pods.flatMap((p) => mappings(p).slice(1)));
    for (const pod of pods) if (!inside.has(pod)) out.push(...podFields(pod));
    for (const m of all) {
      if (pods.includes(m) || inside.has(m)) continue;
      const fields = composeFields(m);
      if (fields !== null) out.push(fields);
    }
  }
  return out;
}

/** YAML (or JSON) text as documents; [] when it does not parse. */
export function documentsOf(text: string): unknown[] {
  if (text.length > 256 * 1024) return [];
  try {
    return parseAllDocuments(text, { uniqueKeys: false })
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    return [];
  }
}

/** Files whose content is a container manifest: compose files, Kubernetes and other YAML or JSON. */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/** The `docker run` lines a written manifest's loosened containers stand for ([] for anything else). */
export function manifestCommandLines(path: string, content: string): string[] {
  if (!MANIFEST_FILE.test(path) || !/privileged|host(?:PID|Network|IPC|Path)|\bpid\b|network_mode|\bipc\b|cap_add|capabilities|security_opt|devices|volumes/.test(content)) return [];
  return manifestContainers(documentsOf(content))
    .map((fields) => containerCommandLine(fields))
    .filter((line): line is string => line !== null)
    .slice(0, 16);
}

/** Fields of a tool's input that hold a manifest (`mcp__kubernetes__resources_create_or_update {resource}`). */
const MANIFEST_KEYS = ['resource', 'manifest', 'yaml', 'spec', 'definition', 'body', 'content', 'object', 'template'];

/** The `docker run` lines of the manifest a tool is handed, as text or as an object. */
export function inputManifestLines(input: Json): string[] {
  const docs: unknown[] = [];
  for (const key of MANIFEST_KEYS) {
    const v = input[key];
    if (typeof v === 'string') docs.push(...documentsOf(v));
    else if (isRecord(v) || Array.isArray(v)) docs.push(v);
  }
  return manifestContainers(docs)
    .map((fields) => containerCommandLine(fields))
    .filter((line): line is string => line !== null)
    .slice(0, 16);
}

/**
 * The kinds of the objects a tool is handed to apply (`Deployment`, `Service`, `Secret`), or []
 * when it is handed no manifest (or one that does not parse): what an apply changes in a cluster.
 */
export function inputManifestKinds(input: Json): string[] {
  const kinds: string[] = [];
  for (const key of MANIFEST_KEYS) {
    const v = input[key];
    const docs = typeof v === 'string' ? documentsOf(v) : isRecord(v) || Array.isArray(v) ? [v] : [];
    for (const doc of docs.flatMap((d) => (Array.isArray(d) ? d : [d]))) {
      if (!isRecord(doc) || typeof doc.kind !== 'string' || doc.kind.length > 64) return [];
      kinds.push(doc.kind);
      // A List's items are what it applies.
      if (Array.isArray(doc.items)) for (const item of doc.items) if (isRecord(item) && typeof item.kind === 'string') kinds.push(item.kind);
    }
  }
  return kinds.slice(0, 32);
}
