/**
 * A tool that starts a container from structured fields (mcp__docker__run_container
 * {image, privileged, volumes, command}) asks for what `docker run` asks for on a command
 * line. The fields are written back as that command line, word by word, so the bash
 * producer and the container rules judge the privileged flag, the host mounts and the
 * command alike in either spelling. The table says which field is which option; a new
 * field is a new line.
 */
import { shellQuote } from './shell-input.js';

type FieldKind = 'flag' | 'values' | 'host_mode';

/** Input field (any case, `_`/`-` ignored) → the docker option and how its value is written. */
const CONTAINER_FIELDS: Readonly<Record<string, { option: string; kind: FieldKind }>> = {
  privileged: { option: '--privileged', kind: 'flag' },
  volumes: { option: '--volume', kind: 'values' },
  volume: { option: '--volume', kind: 'values' },
  binds: { option: '--volume', kind: 'values' },
  mounts: { option: '--volume', kind: 'values' },
  devices: { option: '--device', kind: 'values' },
  capadd: { option: '--cap-add', kind: 'values' },
  securityopt: { option: '--security-opt', kind: 'values' },
  pid: { option: '--pid', kind: 'host_mode' },
  pidmode: { option: '--pid', kind: 'host_mode' },
  network: { option: '--network', kind: 'host_mode' },
  networkmode: { option: '--network', kind: 'host_mode' },
  ipc: { option: '--ipc', kind: 'host_mode' },
  ipcmode: { option: '--ipc', kind: 'host_mode' },
  userns: { option: '--userns', kind: 'host_mode' },
  usernsmode: { option: '--userns', kind: 'host_mode' },
};

const COMMAND_FIELDS = ['command', 'cmd', 'args', 'entrypoint'];

/** A mount given as an object ({source, target}, {host_path, container_path}) → `src:dst`. */
function mountText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  const source = [m.source, m.src, m.host_path, m.hostPath, m.host, m.from].find((v) => typeof v === 'string');
  const target = [m.target, m.destination, m.dst, m.container_path, m.containerPath, m.bind, m.to].find((v) => typeof v === 'string');
  if (typeof source !== 'string') return null;
  return typeof target === 'string' ? `${source}:${target}` : source;
}

/** Docker's own object form for volumes ({"/": {"bind": "/host"}}) and binds arrays. */
function valuesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(mountText).filter((v): v is string => v !== null);
  if (typeof value === 'string') return [value];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([source, spec]) => {
      const bind = spec !== null && typeof spec === 'object' ? (spec as Record<string, unknown>).bind : spec;
      return typeof bind === 'string' ? `${source}:${bind}` : source;
    });
  }
  return [];
}

/** Objects that hold the container's options in the Docker Engine API's shape (`HostConfig: {Privileged, Binds}`) and in SDKs' (`host_config`, `options`). */
const NESTED_FIELDS = /^(?:host_?config|hostConfig|config|options|opts|security|security_?context|securityContext|run_?options|runOptions)$/i;

/** The input's fields, those of its nested option objects included. */
function containerFields(input: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [field, value] of Object.entries(input)) {
    if (NESTED_FIELDS.test(field) && value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(...Object.entries(value as Record<string, unknown>));
    else out.push([field, value]);
  }
  return out;
}

/**
 * The `docker run …` line a container-starting input stands for, or null when the input
 * names no image (it starts no container).
 */
export function containerCommandLine(input: Record<string, unknown>): string | null {
  const image = input.image ?? input.image_name ?? input.imageName ?? input.Image;
  if (typeof image !== 'string' || image.trim() === '') return null;
  const words = ['docker', 'run'];
  for (const [field, value] of containerFields(input)) {
    const spec = CONTAINER_FIELDS[field.toLowerCase().replace(/[_-]/g, '')];
    if (spec === undefined) continue;
    if (spec.kind === 'flag') {
      if (value === true || value === 'true') words.push(spec.option);
    } else if (spec.kind === 'host_mode') {
      if (typeof value === 'string' && value !== '') words.push(`${spec.option}=${value}`);
    } else {
      for (const v of valuesOf(value)) words.push(spec.option, v);
    }
  }
  words.push(image);
  const command = COMMAND_FIELDS.map((f) => input[f]).find((v) => v !== undefined && v !== null);
  let tail = '';
  if (typeof command === 'string') tail = command;
  else if (Array.isArray(command) && command.every((w) => typeof w === 'string')) tail = (command as string[]).map(shellQuote).join(' ');
  return `${words.map(shellQuote).join(' ')}${tail === '' ? '' : ` ${tail}`}`;
}

/**
 * Fields of a container start that change nothing the `docker run` line above leaves out: its
 * name, ports, environment, restart policy, limits, labels. Normalized like CONTAINER_FIELDS
 * (lower case, no `_`/`-`).
 */
const PLAIN_FIELDS: ReadonlySet<string> = new Set([
  'image', 'imagename', 'tag', 'name', 'containername', 'ports', 'port', 'portbindings', 'publish', 'exposedports', 'expose',
  'env', 'environment', 'envs', 'envvars', 'detach', 'remove', 'rm', 'autoremove', 'restart', 'restartpolicy', 'labels',
  'workingdir', 'workdir', 'tty', 'interactive', 'stdinopen', 'hostname', 'memory', 'memlimit', 'cpus', 'cpushares',
  'platform', 'pull', 'command', 'cmd', 'args', 'entrypoint', 'user', 'healthcheck', 'stopsignal', 'stoptimeout', 'timeout',
]);

/**
 * True when every field of a container start is one the `docker run` line states (an option of
 * CONTAINER_FIELDS) or one that changes nothing it leaves out (PLAIN_FIELDS): the line is then
 * all the call does, and is judged as the Bash tool's `docker run` is. A field nobody modelled
 * (a runtime, a cgroup parent, a sysctl) may loosen the container: the tool still needs vouching.
 */
export function containerFieldsKnown(input: Record<string, unknown>): boolean {
  return containerFields(input).every(([field]) => {
    const key = field.toLowerCase().replace(/[_-]/g, '');
    return CONTAINER_FIELDS[key] !== undefined || PLAIN_FIELDS.has(key);
  });
}
