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

let handlers: Array<(source: Source) => unknown> | null = null;
let failed = false;
let reports: Report[] = [];

function load(): Array<(source: Source) => unknown> {
  if (handlers !== null) return handlers;
  const preset = require('@secretlint/secretlint-rule-preset-recommend') as { rules: RuleModule[] };
  const context = {
    createTranslator: () => (id: string) => ({ id }),
    report: (r: Report) => reports.push(r),
    ignore: () => undefined,
    registerRule: () => undefined,
  };
  const loaded: Array<(source: Source) => unknown> = [];
  for (const rule of preset.rules) {
    if (SKIPPED_RULES.has(rule.meta.id)) continue;
    const made = rule.create(context, {});
    if (typeof made.file === 'function') loaded.push(made.file);
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

/** Secrets in `text` that the catalogue recognises. */
export function catalogueSpans(text: string): CatalogueSpan[] {
  if (failed) return [];
  let rules: Array<(source: Source) => unknown>;
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
  for (const rule of rules) {
    reports = [];
    try {
      // Every rule in the preset reports synchronously; a promise would be a rule that does not.
      rule(source);
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
