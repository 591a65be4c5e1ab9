/** `toolgate explain --tool … --input …`: the facts, the rules that matched, and why the answer won. */
import type { Command } from 'commander';
import { CheckRequest } from '../api/check.js';
import { decide } from '../pipeline/check.js';
import { explainDecision, renderExplanation } from '../policy/explain.js';
import { describeZodError } from '../server/errors.js';
import { sessionView } from '../session/index.js';
import { callOptions, collect, fail, parseJsonOption } from './util.js';
import { describeError, loadRevision } from './policy-options.js';

export function registerExplain(program: Command): void {
  callOptions(
    program.command('explain').description('explain how the policy decides one tool call: facts, every matched rule, and why the answer won'),
    '{"command":"terraform apply"}',
  )
    .option('--session <json>', 'session state the policy sees (input.session), as JSON', (v) => parseJsonOption(v, '--session'))
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .option('--no-defaults', 'compile only the given --policy-dir dirs')
    .option('--bundle <dir>', 'explain with this built bundle')
    .option('--json', 'print the explanation as JSON')
    .action(async (opts) => {
      const parsed = CheckRequest.safeParse({ session_id: 'explain', agent_id: opts.agent, tool: opts.tool, input: opts.input, context: { cwd: opts.cwd, home: opts.home } });
      if (!parsed.success) fail(describeZodError(parsed.error));
      let revision;
      try {
        revision = await loadRevision(opts);
      } catch (error) {
        fail(describeError(error), 2);
      }
      const session = { ...sessionView(undefined, parsed.data, Date.now()), ...(opts.session ?? {}) };
      const { input, decision } = decide(revision, parsed.data, session as never, { cwd: opts.cwd, home: opts.home ?? '/' });
      const explanation = explainDecision(revision, input, decision);
      process.stdout.write(opts.json ? JSON.stringify(explanation, null, 2) + '\n' : renderExplanation(explanation));
    });
}
