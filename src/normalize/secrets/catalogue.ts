/**
 * Provider token formats from a maintained catalogue: secretlint's recommended preset
 * (@secretlint/secretlint-rule-preset-recommend, pinned) used as data. Its rules are driven
 * directly and synchronously: each rule's `file` handler is given the text and reports
 * ranges, which become spans typed by the rule's message (MESSAGE_TYPES below), so a
 * policy sees the same type names whichever detector found the secret.
 *
 * Not run: `filter-comments`, which honours `secretlint-disable` comments: text an agent
 * writes must not be able to switch detection off. The preset is loaded on first use
 * (about 100 ms once per process); a load failure leaves the hand-written detectors alone.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface CatalogueSpan {
  type: string;
  start: number;
  end: number;
}

/** secretlint message id → the type name our findings use. */
const MESSAGE_TYPES: Record<string, string> = {
  AWSSecretAccessKey: 'aws_secret_access_key',
  AWSAccessKeyID: 'aws_access_key_id',
  AWSAccountID: 'aws_account_id',
  PrivateKeyP12: 'gcp_service_account',
  PrivateKeyJSON: 'gcp_service_account',
  PackageJSON_xOauthToken: 'npm_token',
  NPM_ACCESS_TOKEN: 'npm_token',
  Npmrc_authToken: 'npm_token',
  SLACK_TOKEN: 'slack_token',
  IncomingWebhook: 'slack_webhook',
  BasicAuth: 'url_credentials',
  OPENAI_TOKEN: 'openai_key',
  ANTHROPIC_API_KEY: 'anthropic_key',
  LINEAR_API_TOKEN: 'linear_api_key',
  PrivateKey: 'private_key',
  SENDGRID_KEY: 'sendgrid_key',
  SHOPIFY_KEY: 'shopify_token',
  GITHUB_TOKEN: 'github_token',
  OPS_TOKEN: 'onepassword_token',
  MongoDBConnection: 'url_credentials',
  MySQLConnection: 'url_credentials',
  PostgreSQLConnection: 'url_credentials',
};

/**
 * What a text must hold for a rule of the preset to report anything: each rule's patterns
 * start from a literal (a token prefix, a key name, a URL scheme), found in the pinned preset's
 * sources. A rule runs only when the lowercased text holds one of its literals (lowercased: a
 * superset of every case the rule matches), so a text with none pays one lowercasing and a few
 * `includes` instead of fifteen rules' scans. A rule missing here always runs (a new rule of an
 * upgraded preset is never skipped); catalogue.test.ts checks that every rule of the preset is
 * listed and that the findings are the same with and without this filter.
 */
export const RULE_LITERALS: Readonly<Record<string, readonly string[]>> = {
  // `(?:SECRET|secret|Secret)_?(?:ACCESS|…)_?(?:KEY|…)` (the ID rules are off by default).
  '@secretlint/secretlint-rule-aws': ['secret'],
  // Reads `.p12` and `.json` files only (our texts have no file name); the key names otherwise.
  '@secretlint/secretlint-rule-gcp': ['private'],
  '@secretlint/secretlint-rule-npm': ['npm_', '_authtoken', 'x-oauth-basic'],
  '@secretlint/secretlint-rule-slack': ['xoxb-', 'xoxp-', 'xapp-', 'xoxa-', 'xoxo-', 'xoxr-', 'hooks.slack.com'],
  '@secretlint/secretlint-rule-basicauth': ['://'],
  '@secretlint/secretlint-rule-openai': ['sk-'],
  '@secretlint/secretlint-rule-anthropic': ['sk-ant-api0'],
  '@secretlint/secretlint-rule-linear': ['lin_api_'],
  '@secretlint/secretlint-rule-privatekey': ['-----begin'],
  '@secretlint/secretlint-rule-sendgrid': ['sg.'],
  '@secretlint/secretlint-rule-shopify': ['shppa_', 'shpca_', 'shpat_', 'shpss_'],
  '@secretlint/secretlint-rule-github': ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  '@secretlint/secretlint-rule-1password': ['ops_ey'],
  '@secretlint/secretlint-rule-database-connection-string': ['mongodb', 'mysql', 'postgres'],
};

/** The preset's rule ids (for the test that each has its literals). */
export function catalogueRuleIds(): string[] {
  return load().map((rule) => rule.id);
}

/** Rules that are no detector (they filter other rules' findings). */
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);

interface Report {
  message: { id: string };
  range: [number, number];
}
interface Source {
  content: string;
  filePath: string;
  ext: string;
  contentType: 'text';
  indexToPosition(index: number): { line: number; column: number };
  locationToRange(loc: unknown): [number, number];
}
interface RuleModule {
  meta: { id: string };
  create(context: unknown, options: unknown): { file?: (source: Source) => unknown };
}

interface LoadedRule {
  id: string;
  literals: readonly string[] | null;
  file: (source: Source) => unknown;
}

let handlers: LoadedRule[] | null = null;
let failed = false;
let reports: Report[] = [];

function load(): LoadedRule[] {
  if (handlers !== null) return handlers;
  const preset = require('@secretlint/secretlint-rule-preset-recommend') as { rules: RuleModule[] };
  const context = {
    createTranslator: () => (id: string) => ({ id }),
    report: (r: Report) => reports.push(r),
    ignore: () => undefined,
    registerRule: () => undefined,
  };
  const loaded: LoadedRule[] = [];
  for (const rule of preset.rules) {
    if (SKIPPED_RULES.has(rule.meta.id)) continue;
    const made = rule.create(context, {});
    if (typeof made.file === 'function') loaded.push({ id: rule.meta.id, literals: RULE_LITERALS[rule.meta.id] ?? null, file: made.file });
  }
  handlers = loaded;
  return loaded;
}

/** Load the catalogue now (the gateway calls it at start so no request pays for it). */
export function warmCatalogue(): boolean {
  try {
    load();
    return true;
  } catch {
    failed = true;
    return false;
  }
}

/** Secrets in `text` that the catalogue recognises. `everyRule` runs the rules whose literals the text lacks too (the test of the filter). */
export function catalogueSpans(text: string, everyRule = false): CatalogueSpan[] {
  if (failed) return [];
  let rules: LoadedRule[];
  try {
    rules = load();
  } catch {
    failed = true;
    return [];
  }
  const source: Source = {
    content: text,
    filePath: '',
    ext: '',
    contentType: 'text',
    indexToPosition: () => ({ line: 1, column: 0 }),
    locationToRange: () => [0, 0],
  };
  const out: CatalogueSpan[] = [];
  const lowered = text.toLowerCase();
  for (const rule of rules) {
    if (!everyRule && rule.literals !== null && !rule.literals.some((literal) => lowered.includes(literal))) continue;
    reports = [];
    try {
      // Every rule in the preset reports synchronously; a promise would be a rule that does not.
      rule.file(source);
    } catch {
      continue;
    }
    for (const r of reports) {
      const [start, end] = r.range;
      if (!(end > start)) continue;
      out.push({ type: MESSAGE_TYPES[r.message.id] ?? `secretlint_${r.message.id.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`, start, end });
    }
  }
  reports = [];
  return out;
}
