/**
 * Which top-level module of src/ may import which. A module is a folder under src/
 * (or a root file such as gateway.ts). Lower layers never import higher ones, and the
 * architecture test fails on any import this table does not allow and on any cycle.
 * The README's "Layout" section prints this same table (checked by the test).
 *
 * Change it deliberately: a new arrow here is a design decision, so say why beside it.
 */
export const ALLOWED_IMPORTS: Record<string, { uses: string[]; role: string }> = {
  // Leaves: no imports inside src/.
  api: { uses: [], role: 'wire types (zod), error codes: shared by server, adapters and CLI' },
  paths: { uses: [], role: 'where the package, its policies and bundle live on disk' },
  'perf-caches': { uses: [], role: 'the one switch that turns the performance caches off' },
  metrics: { uses: [], role: 'Prometheus metrics' },
  // Stages: each knows only what it needs below it.
  normalize: { uses: ['api', 'perf-caches'], role: 'a tool call → facts and effects; never decides' },
  policy: { uses: ['api', 'paths'], role: 'opa CLI build, bundle, opa-wasm engine; knows nothing of how facts were made or stored' },
  store: { uses: ['api', 'normalize', 'perf-caches'], role: 'Kysely schema, migrations, SQLite/PostgreSQL, decision log (masking: normalize/secrets), chain' },
  session: { uses: ['api', 'normalize', 'store'], role: 'governance state: what enrich reads, how events move it on' },
  pipeline: { uses: ['api', 'normalize', 'paths', 'perf-caches', 'policy', 'session', 'store'], role: 'the one place that orders the stages: check, session events, replay' },
  audit: { uses: ['paths', 'policy', 'store'], role: 'query, verify, export, present the decision log' },
  integrations: { uses: ['api'], role: 'client adapters: talk to the gateway over HTTP, share only wire types' },
  // The HTTP edge and the composition roots.
  server: { uses: ['api', 'audit', 'integrations', 'metrics', 'pipeline', 'policy', 'session', 'store'], role: 'Hono app: routes, validation, auth, limits, error mapping' },
  gateway: { uses: ['metrics', 'paths', 'pipeline', 'policy', 'server', 'store'], role: 'builds a running gateway from its parts' },
  testing: { uses: ['api', 'gateway', 'normalize', 'pipeline', 'policy', 'session'], role: '`toolgate test`: decision case files and Rego unit tests' },
  cli: { uses: ['api', 'audit', 'gateway', 'integrations', 'paths', 'pipeline', 'policy', 'server', 'session', 'store', 'testing'], role: 'one file per command, thin over the modules above' },
};

/** The table as the README prints it. */
export function layersMarkdown(): string {
  const rows = Object.entries(ALLOWED_IMPORTS).map(([name, { uses, role }]) => `| \`${name}\` | ${uses.length ? uses.map((u) => `\`${u}\``).join(', ') : '—'} | ${role} |`);
  return ['| module | may import | role |', '| --- | --- | --- |', ...rows].join('\n');
}
