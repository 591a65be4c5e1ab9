/**
 * The calls the tail benches measure: every bash call under 1 KB of rules-tests/ and of the blind
 * rounds (test/blind/calls; SETS=rules-tests for rules-tests alone), as policy
 * inputs built the way the gateway builds them, and the bundle to evaluate them with (BUNDLE=).
 * Shared by bench/evaluate-tail.mjs and bench/evaluate-profile.mjs; needs `npm run build`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { findCaseFiles, loadCaseFile } = await dist('testing/cases.js');
const { buildPolicyInput } = await dist('pipeline/check.js');
const { LoadedRevision, readBundle } = await dist('policy/index.js');
const { sessionView } = await dist('session/index.js');
const { DEFAULT_BUNDLE_DIR } = await dist('paths.js');
const { normalizeCall, normalizeContext } = await dist('normalize/index.js');

export const revision = new LoadedRevision(readBundle(process.env.BUNDLE ?? DEFAULT_BUNDLE_DIR));
const sets = (process.env.SETS ?? 'rules-tests,test/blind/calls').split(',').map((set) => path.join(root, set));
export const requests = findCaseFiles(sets)
  .flatMap((file) => loadCaseFile(file))
  .map((c, i) => ({ session_id: `tail-${i % 997}`, tool: c.tool, input: c.input, context: { cwd: c.context.cwd, home: c.context.home } }))
  .filter((r) => ['bash', 'Bash', 'exec'].includes(r.tool) && String(r.input.command ?? '').length < 1024);
export const contexts = requests.map((request) => normalizeContext(request.context, { cwd: '/', home: '/root' }));
/** The policy input of request i, normalized afresh (first sight when the caches are off). */
export const inputFor = (i) => buildPolicyInput(requests[i], contexts[i], normalizeCall(requests[i].tool, requests[i].input, contexts[i]), sessionView(undefined, requests[i], Date.now()));
