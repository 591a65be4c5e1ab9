/**
 * Typed policy input and data: what `opa check` types every rule against, so that a rule
 * reading `input.facts.comands` or `data.config.binarys` is a compile error with file:line
 * (in `toolgate build`, `lint` and `test`), not a rule that silently never fires.
 *
 * - input: policies/schema/input.json, generated from the TypeScript type PolicyInput
 *   (src/pipeline/policy-input.ts) by `npm run gen:schema`.
 * - data.config: the keys an operator may set that the shipped data leaves out (zod below:
 *   the same schema validates the operator's data and types the TypeScript that reads it),
 *   merged with the shape of the shipped defaults (policies/data.json) and of the data actually
 *   loaded. The data is static for a build, so a
 *   key it does not hold is undefined in every evaluation: its objects are closed to the keys
 *   they have. Leaves (strings, numbers, lists of them) are typed as anything: the check is
 *   about names, not values.
 *
 * Both reach opa through schema annotations on package toolgate with scope subpackages, in a
 * module written beside the schemas for the check only (the policy itself carries none, so
 * `opa build` and `opa test` need no schema files).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY_DIR } from '../paths.js';

export const INPUT_SCHEMA_FILE = path.join(DEFAULT_POLICY_DIR, 'schema', 'input.json');

/** A rule's mode (policies/toolgate/decision.rego). */
export const RuleMode = z.enum(['enforce', 'warn', 'dryrun', 'off']);

/** A finding's action and severity: anything else is a build error, and a deny at run time. */
export const FindingAction = z.enum(['allow', 'ask', 'deny']);
export const FindingSeverity = z.enum(['critical', 'high', 'medium', 'low', 'info']);

/**
 * The parts of data.config that an operator sets and the shipped data.json may leave out.
 * Everything else in config is typed by the data itself.
 */
export const OperatorConfig = z.object({
  /** Rule ids switched off (mode off). */
  disabled_rules: z.array(z.string()).optional(),
  /** Per-rule settings by rule id. */
  rules: z.record(z.string(), z.looseObject({ mode: RuleMode.optional() })).optional(),
  /** Settings of custom packages: config.custom.<package name>.<setting>. */
  custom: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** Which calls a custom package is evaluated on (docs/policy-authoring.md, "Dispatch"). */
  custom_dispatch: z.record(z.string(), z.looseObject({ kinds: z.unknown().optional(), commands: z.unknown().optional() })).optional(),
  /** Extra masking of the decision log (src/store/decision-log/mask.ts). */
  audit: z
    .looseObject({
      // A pattern, or {name, pattern, flags?} (store/decision-log/mask.ts compilePatterns reads both).
      mask_patterns: z.array(z.union([z.string(), z.looseObject({ name: z.string(), pattern: z.string(), flags: z.string().optional() })])).optional(),
    })
    .optional(),
});
export type OperatorConfig = z.infer<typeof OperatorConfig>;

/** The operator's settings that break a type (a mode spelled "enfroce"): readable lines, empty when valid. */
export function configErrors(data: Record<string, unknown>): string[] {
  const parsed = OperatorConfig.safeParse(data.config ?? {});
  if (parsed.success) return [];
  const place = (key: PropertyKey) => (typeof key === 'number' ? `[${key}]` : /^[a-z_][a-z0-9_]*$/i.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`);
  return parsed.error.issues.map((issue) => `data.config${issue.path.map(place).join('')}: ${issue.message}`);
}

type JsonSchema = { [key: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape of a data value: objects closed to their keys, arrays by the shape of their items, leaves untyped. */
export function inferShape(value: unknown): JsonSchema {
  if (Array.isArray(value)) {
    const objects = value.filter(isPlainObject);
    if (objects.length === 0 || objects.length !== value.length) return { type: 'array' };
    return { type: 'array', items: objects.map(inferShape).reduce(mergeShapes) };
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    // An empty object is a table an operator fills: nothing to be closed to.
    if (keys.length === 0) return { type: 'object', additionalProperties: true };
    return { type: 'object', properties: Object.fromEntries(keys.map((key) => [key, inferShape(value[key])])), additionalProperties: false };
  }
  return {};
}

/**
 * Two shapes of the same place as one: properties of both (merged), and open where either
 * is open. The data's shape closes an object only where the declared schema does not open it.
 */
export function mergeShapes(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a.type === 'object' && b.type === 'object') {
    const properties: Record<string, JsonSchema> = { ...((a.properties as Record<string, JsonSchema>) ?? {}) };
    for (const [key, shape] of Object.entries((b.properties as Record<string, JsonSchema>) ?? {})) {
      properties[key] = key in properties ? mergeShapes(properties[key]!, shape) : shape;
    }
    const open = openness(a.additionalProperties, b.additionalProperties);
    return { type: 'object', ...(Object.keys(properties).length ? { properties } : {}), additionalProperties: open };
  }
  if (a.type === 'array' && b.type === 'array') {
    if (a.items && b.items) return { type: 'array', items: mergeShapes(a.items as JsonSchema, b.items as JsonSchema) };
    return { type: 'array' };
  }
  // A leaf, or two different kinds of value: anything.
  return {};
}

function openness(a: unknown, b: unknown): unknown {
  if (a === undefined || a === false) return b ?? false;
  if (b === undefined || b === false) return a;
  if (isPlainObject(a) && isPlainObject(b) && (a as JsonSchema).type === 'object' && (b as JsonSchema).type === 'object') return mergeShapes(a, b);
  return true;
}

/** The declared operator keys as a shape: objects open where zod says records, leaves untyped. */
function declaredShape(schema: JsonSchema): JsonSchema {
  if (schema.type === 'object') {
    const properties = Object.fromEntries(Object.entries((schema.properties as Record<string, JsonSchema>) ?? {}).map(([k, v]) => [k, declaredShape(v)]));
    const extra = schema.additionalProperties;
    const additionalProperties = isPlainObject(extra) ? (Object.keys(extra).length ? declaredShape(extra) : true) : extra === false ? false : true;
    return { type: 'object', ...(Object.keys(properties).length ? { properties } : {}), additionalProperties };
  }
  if (schema.type === 'array') return { type: 'array' };
  return {};
}

/**
 * The schema of data.config for this data: the declared operator keys, and the data's own
 * shape. Where the data fills a declared table (config.custom.terraform), that entry is
 * closed to its keys, so a misspelled setting is caught too.
 */
export function configSchema(data: Record<string, unknown>): JsonSchema {
  const declared = declaredShape(z.toJSONSchema(OperatorConfig, { io: 'input' }) as JsonSchema);
  // The shipped defaults always count: a build from part of the policy (tests that load a few
  // folders without policies/data.json) still types the shipped modules that read them.
  return mergeShapes(mergeShapes(declared, inferShape(shippedConfig())), inferShape(data.config ?? {}));
}

let shipped: unknown;
function shippedConfig(): unknown {
  if (shipped === undefined) {
    try {
      shipped = (JSON.parse(readFileSync(path.join(DEFAULT_POLICY_DIR, 'data.json'), 'utf8')) as { config?: unknown }).config ?? {};
    } catch {
      shipped = {};
    }
  }
  return shipped;
}

const ANNOTATIONS = `# METADATA
# description: types every toolgate package against the policy input and configuration schemas (written for opa check only)
# scope: subpackages
# schemas:
#   - input: schema.input
#   - data.config: schema.config
package toolgate
`;

export interface SchemaCheck {
  /** Arguments for opa check: --schema <dir>. */
  args: string[];
  /** The module holding the annotations: check it with the policy's modules. */
  module: string;
  cleanup(): void;
}

/** Writes the schemas and the annotation module for one `opa check` of a policy with this data. */
export function prepareSchemaCheck(data: Record<string, unknown>): SchemaCheck {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-schema-'));
  const schemas = path.join(dir, 'schemas');
  const moduleDir = path.join(dir, 'module');
  try {
    mkdirSync(schemas);
    mkdirSync(moduleDir);
    writeFileSync(path.join(schemas, 'input.json'), readFileSync(INPUT_SCHEMA_FILE));
    writeFileSync(path.join(schemas, 'config.json'), JSON.stringify(configSchema(data)));
    const module = path.join(moduleDir, 'toolgate_schemas.rego');
    writeFileSync(module, ANNOTATIONS);
    return { args: ['--schema', schemas], module, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
