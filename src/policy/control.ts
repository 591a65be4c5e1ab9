/** What the gateway holds to change its policy at run time: the reloader and the shadow candidate. */
import type { PolicyReloader } from './reload.js';
import type { ShadowEvaluator } from './shadow.js';

export interface PolicyControl {
  /** Rebuilds the active policy from its directories (or re-reads the bundle). */
  reloader: PolicyReloader;
  /** serve --shadow-policy-dir: the candidate, its own reloader, and where differences go. */
  shadow?: { evaluator: ShadowEvaluator; reloader: PolicyReloader };
}
