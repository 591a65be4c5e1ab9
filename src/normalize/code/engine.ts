/**
 * The part of every inline-code producer that is not about syntax: what a library call
 * does. Each language walks its own tree-sitter tree, folds constants into values
 * (values.ts) and hands each call here by its canonical name ("os.system",
 * "child_process.execSync", "pathlib.Path#unlink"); the language's table (data, one file
 * per language) says which effect that call has and which argument carries what.
 *
 * Process calls become `exec` effects with language "bash" and the command line as code,
 * for the bash producer to re-parse; code run by exec/eval is analysed again by the same
 * producer. What cannot be resolved is an `unknown` effect, never silence.
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext, PathFact } from '../facts.js';
import { resolvePath } from '../paths/index.js';
import { scanSecrets } from '../secrets/index.js';
import { parseUrl } from '../urls/index.js';
import { execEffect, resourcePath, shellQuote } from './build.js';
import { decode } from './decoders.js';
import { sqlEffects } from './sql/index.js';
import { constant, dyn, HOLE, isDecoded, items, list, mergeSources, num, obj, str, template, text, type Value } from './values.js';

/** Where an argument is: a position, a keyword, or either. */
export type Arg = number | string | readonly [number, string] | 'receiver';

/** What a call does. `returns` names the class of object it gives back (its methods are looked up as "Class#method"). */
export type CallSpec = (
  | { do: 'shell'; cmd: Arg }
  | { do: 'argv'; argv: Arg; file?: Arg; prepend?: boolean }
  | { do: 'argv_rest'; from: number; file?: Arg }
  | { do: 'code'; code: Arg; language?: string }
  | { do: 'delete'; path: Arg; recursive?: boolean; options?: Arg }
  | { do: 'write'; path: Arg; content?: Arg; mode?: 'create' | 'append' | 'edit' | 'truncate' }
  /** `default`: the file read when the call names none (`load_dotenv()` reads `.env`). */
  | { do: 'read'; path: Arg; default?: string }
  | { do: 'open'; path: Arg; mode?: Arg; flags?: 'posix' }
  | { do: 'chmod'; path: Arg; mode?: Arg; owner?: boolean }
  | { do: 'link'; target: Arg; name: Arg; symbolic: boolean; reversed?: boolean }
  | { do: 'move'; from: Arg; to: Arg }
  | { do: 'copy'; from: Arg; to: Arg }
  | { do: 'connect'; address?: Arg; host?: Arg; port?: Arg; listen?: boolean; receiver?: boolean }
  /** `verb`: the HTTP method the call always sends (`requests.delete`); `method`: where the call takes it (`requests.request(method, url)`). Without either, a `method` keyword or an options object's `method` names it (`fetch(u, {method: 'DELETE'})`). */
  | { do: 'http'; url: Arg; body?: boolean; verb?: string; method?: Arg }
  /** A request object built and sent later (`urllib.request.Request(u, method='DELETE')` given to urlopen): its URL and method travel with it. */
  | { do: 'request'; url: Arg; verb?: string; method?: Arg }
  /** A parsed URL (`URI(u)`, `urlparse(u)`, `new URL(u)`): its host, port and path are known attributes. */
  | { do: 'url'; url: Arg }
  | { do: 'send'; data?: Arg }
  | { do: 'sql'; sql: Arg; dialect?: string }
  | { do: 'kill'; target: Arg; signal?: Arg; byName?: boolean }
  | { do: 'spawn' }
  | { do: 'allocate'; size?: Arg }
  | { do: 'wire' }
  | { do: 'env'; name?: Arg }
  | { do: 'cloud_delete'; service: string | Arg; name?: Arg }
  | { do: 'decode'; decoder: string; args?: Arg[] }
  | { do: 'getattr' }
  | { do: 'import'; module: Arg }
  | { do: 'none' }
  /** A door past every API the table knows (node's internal bindings, native code): what it does is unknown. */
  | { do: 'opaque'; reason: string }
  | { do: 'value'; value: string }
  /** A list of some arguments in a new order (sockaddr_in(port, host) → [host, port]). */
  | { do: 'pair'; items: Arg[] }
) & { returns?: string; sources?: 'network' | 'receiver' };

export type CallTable = Record<string, CallSpec>;

export interface CallSite {
  /** Canonical name: "os.system", "Class#method", or a bare name. */
  name: string;
  args: Value[];
  kwargs: Record<string, Value>;
  receiver: Value | null;
}

/** Code past this size is not parsed: it is an `unknown` effect. */
export const MAX_CODE = 16 * 1024;
/** exec/eval inside exec/eval: deeper than this is unknown. */
const MAX_NESTING = 6;
/** Effects stated for one piece of code; more is summarised by one unknown. */
const MAX_EFFECTS = 200;
/** Sizes from this many bytes up are stated as allocations. */
export const LARGE_ALLOCATION = 64 * 1024 * 1024;

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'fish', 'csh', 'tcsh', 'cmd', 'cmd.exe', 'powershell', 'pwsh', 'powershell.exe']);
/** A command line that only starts a shell, perhaps interactive, perhaps with its streams redirected: `/bin/sh -i <&3 >&3 2>&3`. */
const INTERACTIVE_SHELL_LINE = /^\s*(?:exec\s+)?(?:\S*\/)?(?:ba|da|z|k|a|c|tc)?sh(?:\s+-[il]+)*(?:\s+\d*[<>]+&?\s*\S+)*\s*$/;
/** Method names that run SQL on whatever database object they are called on. */
const SQL_METHODS = new Set(['execute', 'executescript', 'executemany', 'query', 'exec', 'raw', 'run', 'prepare', 'mogrify', 'execute_sql', 'sql']);
const SQL_START = /^\s*(?:select|insert|update|delete|drop|truncate|alter|create|replace|merge|grant|revoke|copy|exec(?:ute)?|call|with|attach|vacuum|pragma)\b/i;

export type CodeRunner = (language: string, code: string, ctx: NormalizeContext, nesting: number) => Effect[];

export class Analysis {
  readonly effects: Effect[] = [];
  readonly producer: string;
  /** Nesting of loops with no static bound (while True, for(;;), loop do). */
  unboundedLoops = 0;
  loops = 0;
  /** A socket's descriptors were wired to standard streams (dup2, pipe to a process). */
  wired = false;
  private truncated = false;

  constructor(
    readonly language: string,
    readonly ctx: NormalizeContext,
    readonly table: CallTable,
    private readonly run: CodeRunner,
    readonly nesting: number,
  ) {
    this.producer = `code:${language}`;
  }

  emit(effect: Effect): void {
    if (this.effects.length >= MAX_EFFECTS) {
      if (!this.truncated) this.effects.push(this.unknownEffect('too_many_effects'));
      this.truncated = true;
      return;
    }
    this.effects.push(effect);
  }

  unknown(reason: string): void {
    if (!this.effects.some((e) => e.type === 'unknown' && e.reason === reason)) this.emit(this.unknownEffect(reason));
  }

  private unknownEffect(reason: string): Effect {
    return { type: 'unknown', producer: this.producer, command: null, reason };
  }

  /** The spec for a call name: exact entry, else a `prefix*` pattern entry ("boto3.client#delete_*"). */
  spec(name: string): CallSpec | undefined {
    const exact = this.table[name];
    if (exact !== undefined) return exact;
    for (const [re, key] of patternKeys(this.table)) {
      if (re.test(name)) return this.table[key];
    }
    return undefined;
  }

  /** Apply a call: state its effects and return what it gives back. */
  call(site: CallSite): Value {
    const spec = this.spec(site.name);
    if (spec === undefined) return this.unknownCall(site);
    const result = this.apply(spec, site);
    if (spec.returns !== undefined) {
      const made = obj(spec.returns, site.args, mergeSources([...site.args, ...(site.receiver ? [site.receiver] : [])]));
      if (site.receiver?.k === 'obj' && made.k === 'obj') {
        Object.assign(made.props, site.receiver.props);
        if (made.args.length === 0) made.args = site.receiver.args;
      }
      if (made.k === 'obj' && result.k === 'str') made.props.path = result;
      return made;
    }
    if (spec.sources === 'receiver' && site.receiver) return dyn(`${site.name}()`, site.receiver.sources);
    return result;
  }

  /** A call no table knows: its result carries the sources of what went in; SQL-looking strings given to query methods are SQL. */
  private unknownCall(site: CallSite): Value {
    const method = site.name.includes('#') ? site.name.slice(site.name.indexOf('#') + 1) : site.name.slice(site.name.lastIndexOf('.') + 1);
    const sql = constant(site.args[0]);
    if (site.receiver !== null && SQL_METHODS.has(method) && sql !== null && SQL_START.test(sql)) {
      this.sql(sql, 'generic', site.receiver);
    }
    const inputs = site.receiver ? [site.receiver, ...site.args] : site.args;
    return dyn(`${site.name}()`, mergeSources([...inputs, ...Object.values(site.kwargs)]));
  }

  arg(site: CallSite, where: Arg | undefined): Value | undefined {
    if (where === undefined) return undefined;
    if (where === 'receiver') return receiverValue(site.receiver);
    if (typeof where === 'number') return site.args[where];
    if (typeof where === 'string') return site.kwargs[where];
    return site.args[where[0]] ?? site.kwargs[where[1]];
  }

  private apply(spec: CallSpec, site: CallSite): Value {
    const a = (where: Arg | undefined) => this.arg(site, where);
    switch (spec.do) {
      case 'shell': {
        const cmd = a(spec.cmd);
        const argv = items(cmd);
        if (argv !== null) this.execArgv(argv, isDecoded(cmd));
        else this.execShell(cmd);
        return dyn(`${site.name}()`, ['output']);
      }
      case 'argv': {
        const listed = items(a(spec.argv));
        const argv = listed !== null && spec.prepend ? [a(spec.file) ?? dyn(''), ...listed] : listed;
        if (argv !== null) this.execArgv(argv, isDecoded(a(spec.argv)));
        else if (spec.prepend && a(spec.file) !== undefined && a(spec.argv) === undefined) this.execArgv([a(spec.file)!], isDecoded(a(spec.file)));
        else this.execShell(a(spec.file ?? spec.argv), true);
        return dyn(`${site.name}()`, ['output']);
      }
      case 'argv_rest': {
        const rest = site.args.slice(spec.from);
        // One string alone is a shell command line (ruby system, perl system, exec).
        if (rest.length === 1 && rest[0].k !== 'list') this.execShell(rest[0]);
        else this.execArgv(rest.length === 1 ? (items(rest[0]) ?? rest) : rest, site.args.some(isDecoded));
        return dyn(`${site.name}()`, ['output']);
      }
      case 'code':
        this.execCode(spec.language ?? this.language, a(spec.code));
        return dyn(`${site.name}()`);
      case 'delete': {
        const options = a(spec.options);
        const recursive = spec.recursive ?? (options?.k === 'obj' ? truthy(options.props.recursive) : truthy(options));
        const target = this.path(a(spec.path));
        // A `**` glob spans the tree below its folder, as in the bash producer.
        this.emit({ type: 'delete', producer: this.producer, command: null, path: target, recursive: recursive || /(?:^|\/)\*\*(?:\/|$)/.test(target.raw) });
        return str('');
      }
      case 'write': {
        const content = constant(a(spec.content));
        this.emit({ type: 'write', producer: this.producer, command: null, path: this.path(a(spec.path)), mode: spec.mode ?? 'create', content: content === null ? null : content.slice(0, 4096) });
        return str('');
      }
      case 'read': {
        const given = a(spec.path);
        const path = given === undefined && spec.default !== undefined ? resolvePath(spec.default, this.ctx) : this.path(given);
        this.emit({ type: 'read', producer: this.producer, command: null, path });
        return dyn(`${site.name}()`, [`file:${path.path || path.raw}`]);
      }
      case 'open':
        return this.open(a(spec.path), a(spec.mode), spec.flags === 'posix');
      case 'chmod': {
        const mode = constant(a(spec.mode)) ?? '';
        this.emit(chmodEffect(this.producer, this.path(a(spec.path)), normalizeMode(mode, a(spec.mode)), spec.owner ?? false));
        return str('');
      }
      case 'link': {
        const target = this.path(a(spec.target));
        const name = this.path(a(spec.name));
        const [from, to] = spec.reversed ? [target, name] : [name, target];
        this.emit({ type: 'link', producer: this.producer, command: null, from, to, symbolic: spec.symbolic });
        return str('');
      }
      case 'move': {
        const from = this.path(a(spec.from));
        this.emit({ type: 'delete', producer: this.producer, command: null, path: from, recursive: true });
        this.emit({ type: 'write', producer: this.producer, command: null, path: this.path(a(spec.to)), mode: 'create', content: null });
        return str('');
      }
      case 'copy': {
        const from = this.path(a(spec.from));
        this.emit({ type: 'read', producer: this.producer, command: null, path: from });
        this.emit({ type: 'write', producer: this.producer, command: null, path: this.path(a(spec.to)), mode: 'create', content: null });
        return str('');
      }
      case 'connect':
        return this.connect(spec, site);
      case 'http':
        return this.http(a(spec.url), site, spec.body ?? false, httpMethod(spec.verb, a(spec.method), site));
      case 'request': {
        const made = obj('request', [], mergeSources(site.args));
        if (made.k !== 'obj') return made;
        const url = a(spec.url);
        if (url !== undefined) made.props.url = url.k === 'obj' ? urlFromOptions(url) : url;
        const method = httpMethod(spec.verb, a(spec.method), site);
        if (method !== null) made.props.method = str(method);
        return made;
      }
      case 'url':
        return parsedUrl(a(spec.url));
      case 'send': {
        const recv = site.receiver;
        const sink = recv?.k === 'obj' ? (constant(recv.props.sink) ?? '') : '';
        const data = spec.data !== undefined ? [a(spec.data)] : site.args;
        this.send(sink, null, data.filter((v): v is Value => v !== undefined));
        return dyn(`${site.name}()`);
      }
      case 'sql': {
        const sql = a(spec.sql);
        const text = constant(sql);
        if (text === null) this.unknown(`dynamic_sql:${this.language}`);
        else this.sql(text, spec.dialect ?? 'generic', site.receiver);
        return dyn(`${site.name}()`, ['database']);
      }
      case 'kill':
        this.kill(a(spec.target), a(spec.signal), spec.byName ?? false);
        return str('');
      case 'spawn':
        this.emit({ type: 'spawn', producer: this.producer, command: null, unbounded: this.unboundedLoops > 0 });
        return num(0);
      case 'allocate': {
        const size = Number(constant(a(spec.size)) ?? NaN);
        this.allocate(Number.isFinite(size) ? size : null);
        return dyn(`${site.name}()`);
      }
      case 'wire':
        if (site.args.some((v) => v.k === 'obj' || v.sources.includes('socket')) || site.receiver !== null || site.args.length > 0) this.wired = true;
        return num(0);
      case 'env': {
        const name = constant(a(spec.name));
        return envValue(name);
      }
      case 'cloud_delete': {
        const service = typeof spec.service === 'string' && !/^\d/.test(spec.service) && !site.kwargs[spec.service] ? spec.service : (constant(a(spec.service as Arg)) ?? 'cloud');
        const recvService = site.receiver?.k === 'obj' ? constant(site.receiver.args[0]) : null;
        const named = a(spec.name);
        const fromObject = named?.k === 'obj' ? Object.values(named.props).find((p) => constant(p) !== null) : undefined;
        const name = template(fromObject ?? named) ?? template(Object.values(site.kwargs)[0]) ?? HOLE;
        this.emit({ type: 'delete', producer: this.producer, command: null, path: resourcePath(`cloud:${recvService ?? service}/${name}`), recursive: true });
        return str('');
      }
      case 'decode': {
        const args = spec.args ? spec.args.map((x) => a(x) ?? dyn('')) : site.receiver ? [site.receiver, ...site.args] : site.args;
        return decode(spec.decoder, args) ?? dyn(`${site.name}()`, mergeSources(args));
      }
      case 'getattr': {
        const target = site.args[0];
        const attr = constant(site.args[1]);
        if (attr === null || target === undefined) return dyn('getattr()');
        return attribute(target, attr);
      }
      case 'import': {
        const module = constant(a(spec.module));
        // A module imported from a URL (`import('https://…')` in deno, bun or node with its
        // network imports) is fetched code run.
        if (module !== null && /^https?:\/\//i.test(module)) {
          this.emit(execEffect(this.producer, this.language, [], this.language, null, 'network'));
          return dyn('import()', [`network:${module}`]);
        }
        return module === null ? dyn('import()') : { k: 'ref', name: module.replace(/^node:/, ''), sources: [] };
      }
      case 'value':
        return str(spec.value);
      case 'pair':
        return list(spec.items.map((x) => a(x) ?? dyn('')));
      case 'none':
        return dyn(`${site.name}()`, spec.sources === 'network' ? [`network:${constant(site.args[0]) ?? ''}`] : []);
      case 'opaque':
        this.unknown(spec.reason);
        return dyn(`${site.name}()`);
    }
  }

  /** A PathFact for a value: constant parts resolved, unknown parts marked dynamic. */
  path(v: Value | undefined): PathFact {
    const t = template(receiverValue(v ?? null) ?? undefined);
    if (t === null) return resolvePath('$TOOLGATE_DYNAMIC', this.ctx);
    return resolvePath(t.split(HOLE).join('$TOOLGATE_DYNAMIC'), this.ctx);
  }

  open(pathValue: Value | undefined, modeValue: Value | undefined, posix: boolean): Value {
    // Ruby's and Perl's open run a command for "|cmd" and "cmd|"; Perl's 3-argument open has the mode first.
    const raw = template(pathValue) ?? '';
    const mode3 = constant(modeValue) ?? '';
    const piped = /^\s*\|/.test(raw) ? raw.replace(/^\s*\|/, '') : /\|\s*$/.test(raw) ? raw.replace(/\|\s*$/, '') : /^[-|]\|?$|^\|-$/.test(raw) ? mode3 : null;
    if (piped !== null && piped.trim() !== '') {
      this.execShell(pathValue?.k === 'str' || piped !== mode3 ? str(piped, isDecoded(pathValue)) : modeValue);
      return obj('file', [], ['output']);
    }
    const path = this.path(pathValue);
    const modeText = constant(modeValue) ?? (posix ? '' : 'r');
    const mode = posix ? posixMode(modeText) : streamMode(modeText);
    if (mode === 'read' || mode === 'edit') this.emit({ type: 'read', producer: this.producer, command: null, path });
    if (mode !== 'read') this.emit({ type: 'write', producer: this.producer, command: null, path, mode, content: null });
    const file = obj('file', [pathValue ?? dyn('')], [`file:${path.path || path.raw}`]);
    if (file.k === 'obj') file.props.path = pathValue ?? dyn('');
    return file;
  }

  execShell(cmd: Value | undefined, asProgram = false): void {
    const code = template(cmd);
    if (code === null || code === HOLE) {
      this.emit(execEffect(this.producer, '', [], 'bash', null, 'dynamic'));
      this.unknown('dynamic_command');
      return;
    }
    const line = code.split(HOLE).join('"$TOOLGATE_DYNAMIC"');
    if (asProgram) {
      this.emit(execEffect(this.producer, basename(line), [line], 'bash', shellQuote([line]), isDecoded(cmd) ? 'decoded' : 'argv'));
      return;
    }
    this.emit(execEffect(this.producer, 'sh', ['sh', '-c', line], 'bash', line, isDecoded(cmd) ? 'decoded' : 'argv'));
  }

  execArgv(argvValues: Value[], decoded: boolean): void {
    const argv = argvValues.map((v) => {
      const t = template(v);
      return t === null ? '$TOOLGATE_DYNAMIC' : t.split(HOLE).join('$TOOLGATE_DYNAMIC');
    });
    if (argv.length === 0) {
      this.unknown('dynamic_command');
      return;
    }
    const program = basename(argv[0]);
    if (program.includes('$TOOLGATE_DYNAMIC')) this.unknown('dynamic_command');
    this.emit(execEffect(this.producer, program, argv, 'bash', shellQuote(argv), decoded ? 'decoded' : 'argv'));
  }

  /** exec/eval: the code is analysed by the producer of its language. */
  execCode(language: string, code: Value | undefined): void {
    const source = constant(code);
    const network = code?.sources.some((s) => s.startsWith('network:')) ?? false;
    if (source === null) {
      this.emit(execEffect(this.producer, language, [], language, null, network ? 'network' : 'dynamic'));
      this.unknown(`dynamic_code:${language}`);
      return;
    }
    this.emit(execEffect(this.producer, language, [], language, source, isDecoded(code) ? 'decoded' : 'argv'));
    if (this.nesting + 1 > MAX_NESTING) {
      this.unknown('depth_limit');
      return;
    }
    for (const e of this.run(language, source, this.ctx, this.nesting + 1)) this.emit(e);
  }

  connect(spec: Extract<CallSpec, { do: 'connect' }>, site: CallSite): Value {
    const address = this.arg(site, spec.address);
    let host = constant(this.arg(site, spec.host));
    let port = constant(this.arg(site, spec.port));
    const parts = items(address);
    if (address?.k === 'num') {
      port = String(address.v);
      host = constant(this.arg(site, spec.host)) ?? 'localhost';
    } else if (address?.k === 'obj') {
      host = constant(address.props.host ?? address.props.hostname ?? address.props.path);
      port = constant(address.props.port) ?? port;
    } else if (parts !== null) {
      host = constant(parts[0]);
      port = constant(parts[1]);
    } else if (address !== undefined) {
      const t = constant(address);
      const url = t !== null && t.includes('://') ? parseUrl(t) : null;
      if (url !== null) {
        host = url.host;
        port = url.port === null ? null : String(url.port);
      } else if (t !== null) {
        const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(t);
        host = m?.[1] ?? t;
        port = m?.[2] ?? port;
      }
    }
    const portNumber = port !== null && /^\d+$/.test(port) ? Number(port) : null;
    const listen = spec.listen ?? false;
    this.emit({ type: 'connect', producer: this.producer, command: null, host: host ?? '', port: portNumber, url: null, listen, shell: false });
    if (host === null && !listen) this.unknown('dynamic_host');
    // Data inside the name looked up or connected to (`gethostbyname(token + '.x.example')`) leaves
    // through the name's servers: a send to the name's static domain, with what flows into it.
    const named = spec.host !== undefined ? this.arg(site, spec.host) : address;
    if (host === null && named !== undefined && named.sources.length > 0) {
      const domain = (text(named) ?? '').split(HOLE).pop()?.replace(/^[.-]+/, '').replace(/:\d+$/, '') ?? '';
      this.emit({ type: 'send', producer: this.producer, command: null, sink: domain !== '' ? domain : '(a name made from data)', url: null, sources: mergeSources([named]) });
    }
    const sink = `${host ?? ''}${portNumber === null ? '' : `:${portNumber}`}`;
    if (spec.receiver && site.receiver?.k === 'obj') {
      site.receiver.props.sink = str(sink);
      site.receiver.sources = [...new Set([...site.receiver.sources, 'socket'])];
      return site.receiver;
    }
    const made = obj('socket', [], ['socket', `network:${sink}`]);
    if (made.k === 'obj') made.props.sink = str(sink);
    return made;
  }

  http(urlValue: Value | undefined, site: CallSite, body: boolean, method: string | null = null): Value {
    if (urlValue?.k === 'obj') {
      method ??= optionsMethod(urlValue);
      urlValue = urlFromOptions(urlValue);
    }
    const raw = template(urlValue);
    const url = raw !== null && !raw.includes(HOLE) ? parseUrl(raw) : null;
    if (url === null) {
      this.emit({ type: 'connect', producer: this.producer, command: null, host: '', port: null, url: null, listen: false, shell: false });
      this.unknown('dynamic_url');
    } else {
      const port = url.port ?? (url.scheme === 'https' ? 443 : url.scheme === 'http' ? 80 : null);
      this.emit({ type: 'connect', producer: this.producer, command: null, host: url.host, port, url, listen: false, shell: false, ...(method !== null ? { method } : {}) });
    }
    const inputs = [...site.args.slice(1), ...Object.values(site.kwargs), ...(urlValue ? [urlValue] : [])];
    const sources = this.sourcesOf(inputs);
    if (body || sources.length > 0) {
      this.emit({ type: 'send', producer: this.producer, command: null, sink: raw?.split(HOLE).join('') ?? '', url, sources });
    }
    return dyn(`${site.name}()`, [`network:${raw ?? ''}`]);
  }

  send(sink: string, url: null, data: Value[]): void {
    this.emit({ type: 'send', producer: this.producer, command: null, sink, url, sources: this.sourcesOf(data) });
  }

  /** Sources of data sent: where values came from, plus secrets seen in constant strings. */
  sourcesOf(values: Value[]): string[] {
    const out = new Set<string>();
    const visit = (v: Value, depth: number): void => {
      for (const s of v.sources) if (s !== 'socket' && !s.startsWith('network:')) out.add(s);
      if (v.k === 'str' && v.v.length >= 8) for (const f of scanSecrets(v.v)) out.add(`secret:${f.type}`);
      if (v.k === 'list' && depth < 4) for (const item of v.items) visit(item, depth + 1);
      if (v.k === 'obj' && depth < 4) for (const p of Object.values(v.props)) visit(p, depth + 1);
    };
    for (const v of values) visit(v, 0);
    return [...out].sort();
  }

  sql(text: string, dialect: string, receiver: Value | null): void {
    const db = receiver?.k === 'obj' ? constant(receiver.props.database ?? receiver.args[0]) : null;
    const engine = receiver?.k === 'obj' ? (receiver.cls.split(/[.#]/)[0] ?? dialect) : dialect;
    for (const e of sqlEffects(text, dialectOf(dialect === 'generic' ? engine : dialect), db ?? undefined)) this.emit(e);
  }

  kill(target: Value | undefined, signal: Value | undefined, byName: boolean): void {
    const t = constant(target);
    let who: string;
    if (byName) who = `name:${t ?? '*'}`;
    else if (t === null) who = 'pid:?';
    else if (t === '-1') who = 'all';
    else if (/^-\d+$/.test(t)) who = `group:${t.slice(1)}`;
    else if (t === '0') who = 'group:0';
    else who = `pid:${t}`;
    const sig = signal === undefined ? 'TERM' : signal.k === 'ref' ? signal.name.slice(signal.name.lastIndexOf('.') + 1).replace(/^SIG/, '') : (constant(signal) ?? '?').replace(/^SIG/, '');
    this.emit({ type: 'kill', producer: this.producer, command: null, target: who, signal: sig });
  }

  allocate(size: number | null): void {
    this.emit({ type: 'allocate', producer: this.producer, command: null, size, unbounded: this.unboundedLoops > 0 || size === null });
  }

  /** After the walk: a connection whose streams reach a shell is a reverse (or bind) shell. */
  finish(): Effect[] {
    const interactiveShell = this.effects.some(
      (e) =>
        e.type === 'exec' &&
        (((SHELLS.has(e.program) || SHELLS.has(basename(e.argv[0] ?? ''))) && (e.argv.length <= 1 || e.argv.slice(1).every((x) => /^-[il]+$/.test(x)))) ||
          (e.language === 'bash' && e.code !== null && INTERACTIVE_SHELL_LINE.test(e.code))),
    );
    // Code or a command line that arrives at run time while a connection is open: a remote shell.
    const dynamicRun = this.effects.some((e) => e.type === 'exec' && e.code === null && (e.origin === 'dynamic' || e.origin === 'network'));
    const connects = this.effects.filter((e) => e.type === 'connect');
    if (connects.length > 0 && (this.wired || interactiveShell || dynamicRun)) {
      for (const c of connects) if (c.type === 'connect') c.shell = true;
    }
    return this.effects;
  }
}

const patternCache = new WeakMap<CallTable, Array<[RegExp, string]>>();
function patternKeys(table: CallTable): Array<[RegExp, string]> {
  let keys = patternCache.get(table);
  if (keys === undefined) {
    keys = Object.keys(table)
      .filter((k) => k.includes('*'))
      .map((k) => [new RegExp(`^${k.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[^.#]*')}$`), k] as [RegExp, string]);
    patternCache.set(table, keys);
  }
  return keys;
}

function truthy(v: Value | undefined): boolean {
  if (v === undefined) return false;
  if (v.k === 'num') return v.v !== 0;
  if (v.k === 'str') return v.v !== '' && v.v !== 'false';
  return true;
}

/** `{hostname, port, path, protocol}` given to http.request and friends, as a URL. */
/**
 * The HTTP method a call sends, upper-cased, or null for the default (GET, or POST with a body):
 * the table's fixed verb, the argument the table names, a `method` keyword, or the `method` of an
 * options object among the arguments (fetch, axios and node's http.request take one).
 */
function httpMethod(verb: string | undefined, named: Value | undefined, site: CallSite): string | null {
  if (verb !== undefined) return verb;
  const given = constant(named) ?? constant(site.kwargs.method);
  if (given !== null) return given.toUpperCase();
  for (const v of site.args) {
    const m = v?.k === 'obj' ? optionsMethod(v) : null;
    if (m !== null) return m;
  }
  return null;
}

function optionsMethod(o: Extract<Value, { k: 'obj' }>): string | null {
  const m = constant(o.props.method);
  return m === null ? null : m.toUpperCase();
}

/** A URL string as an object whose parts are attributes; anything not constant stays as it was. */
function parsedUrl(v: Value | undefined): Value {
  const raw = constant(v);
  const url = raw !== null && raw.includes('://') ? parseUrl(raw) : null;
  if (url === null || v === undefined) return v ?? dyn('url()');
  const made = obj('url', [], v.sources);
  if (made.k !== 'obj') return made;
  const port = url.port ?? (url.scheme === 'https' ? 443 : url.scheme === 'http' ? 80 : null);
  Object.assign(made.props, { url: str(raw ?? ''), href: str(raw ?? ''), host: str(url.host), hostname: str(url.host), path: str(url.path), pathname: str(url.path), scheme: str(url.scheme), protocol: str(`${url.scheme}:`), ...(port !== null ? { port: num(port) } : {}) });
  return made;
}

function urlFromOptions(o: Extract<Value, { k: 'obj' }>): Value {
  const u = constant(o.props.url ?? o.props.uri ?? o.props.href);
  if (u !== null) return str(u);
  const host = constant(o.props.hostname ?? o.props.host);
  if (host === null) return dyn('');
  const protocol = (constant(o.props.protocol) ?? 'https:').replace(/:?$/, ':');
  const port = constant(o.props.port);
  return str(`${protocol}//${host}${port ? `:${port}` : ''}${constant(o.props.path) ?? '/'}`);
}

/** The object a method was called on, as a path-like value (pathlib.Path('x').unlink(), File.new('x')). */
function receiverValue(receiver: Value | null): Value | undefined {
  if (receiver === null) return undefined;
  if (receiver.k === 'obj') return receiver.props.path ?? receiver.args[0];
  return receiver;
}

/** Attribute of a value: `os.system` of ref os, a property of an object. */
/** Names that are the process environment in some language. */
const ENV_OBJECTS = new Set(['os.environ', 'os.environb', 'process.env', 'Deno.env', 'ENV', '$_ENV', '$ENV', 'System.Environment']);
const ENV_METHODS = new Set(['get', 'copy', 'items', 'keys', 'values', 'fetch', 'to_h', 'toObject', 'getenv', 'GetEnvironmentVariable', 'GetEnvironmentVariables']);

export function isEnvName(name: string): boolean {
  return ENV_OBJECTS.has(name);
}

export function envObject(): Value {
  return obj('env', [], ['env:*']);
}

export function attribute(target: Value, name: string): Value {
  if (target.k === 'ref') {
    const full = `${target.name}.${name}`;
    return ENV_OBJECTS.has(full) ? envObject() : { k: 'ref', name: full, sources: [] };
  }
  if (target.k === 'obj') {
    if (target.cls === 'env') return ENV_METHODS.has(name) ? { k: 'method', recv: target, name, sources: target.sources } : envValue(name);
    return target.props[name] ?? { k: 'method', recv: target, name, sources: target.sources };
  }
  return { k: 'method', recv: target, name, sources: target.sources };
}

/** Environment variables: HOME is the home folder; every other one is a source. */
export function envValue(name: string | null): Value {
  if (name === null) return dyn('env', ['env:*']);
  if (name === 'HOME' || name === 'USERPROFILE') return str('~', false, [`env:${name}`]);
  return dyn(`$${name}`, [`env:${name}`]);
}

function basename(p: string): string {
  const trimmed = p.trim().split(/\s+/)[0] ?? '';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function streamMode(mode: string): 'read' | 'create' | 'append' | 'edit' {
  const m = mode.replace(/[bt]/g, '');
  if (m.includes('+')) return m.startsWith('r') ? 'edit' : m.startsWith('a') ? 'append' : 'create';
  if (m.startsWith('w') || m.startsWith('x')) return 'create';
  if (m.startsWith('a')) return 'append';
  return 'read';
}

/** os.open / fs.openSync flags: O_WRONLY|O_CREAT, 'w', 'a+' … */
function posixMode(flags: string): 'read' | 'create' | 'append' | 'edit' {
  if (/^[rwax+bst]+$/.test(flags)) return streamMode(flags);
  if (/APPEND/.test(flags)) return 'append';
  if (/TRUNC/.test(flags)) return 'create';
  if (/RDWR/.test(flags)) return 'edit';
  if (/WRONLY|CREAT/.test(flags)) return 'create';
  return 'read';
}

function normalizeMode(mode: string, value: Value | undefined): string {
  if (value?.k === 'num') return value.v.toString(8);
  if (/^0o?[0-7]+$/.test(mode)) return mode.replace(/^0o?/, '');
  return mode;
}

function chmodEffect(producer: string, path: PathFact, mode: string, owner: boolean): Effect {
  const octal = /^[0-7]{3,4}$/.test(mode) ? parseInt(mode, 8) : null;
  const setuid = octal !== null ? (octal & 0o6000) !== 0 : /[ugoa]*\+[rwx]*s/.test(mode);
  const worldWritable = octal !== null ? (octal & 0o002) !== 0 : /(?:^|,)[ugo]*[ao][ugo]*[+=][rx]*w|^\+[rx]*w/.test(mode);
  return { type: 'chmod', producer, command: null, path, mode, recursive: false, setuid: !owner && setuid, world_writable: !owner && worldWritable, owner };
}

const DIALECTS: Record<string, string> = {
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  psycopg2: 'postgresql',
  psycopg: 'postgresql',
  pg: 'postgresql',
  asyncpg: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  pymysql: 'mysql',
  mysql2: 'mysql',
  MySQLdb: 'mysql',
  mariadb: 'mariadb',
  pyodbc: 'transactsql',
  mssql: 'transactsql',
  tedious: 'transactsql',
};

function dialectOf(name: string): string {
  return DIALECTS[name] ?? name;
}

/** Values used by several language walkers. */
export { constant, dyn, list, num, obj, str, text, template };
export { execEffect, resourcePath, shellQuote };
