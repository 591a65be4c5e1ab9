export {
  buildPolicy,
  readBundle,
  writeBundle,
  currentRevision,
  checkModules,
  formatOpaErrors,
  displayPath,
  PolicyBuildError,
  ENTRYPOINT,
  FINDINGS_ENTRYPOINT,
  readableOpaOutput,
} from './bundle.js';
export type { CompiledPolicy } from './bundle.js';
export { PolicyEngine, LoadedRevision, PolicyEvaluationError, evaluateOrDeny, describeWasmError, WORKER_RETAINED_WASM_MEMORY_BYTES } from './engine.js';
export { loadPolicyWasm, missingBuiltins, importedBuiltins, runtimeBuiltins } from './runtime-builtins.js';
export type { PolicyDecision, PolicyReason, PolicyFinding } from './engine.js';
export { findOpa, runOpa, OpaNotFoundError } from './opa-cli.js';
export { DEFAULT_POLICY_DIR, DEFAULT_BUNDLE_DIR } from '../paths.js';
