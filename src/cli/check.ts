import type { Command } from 'commander';
import { CheckRequest } from '../api/check.js';
import { createGateway, createLogger } from '../gateway.js';
import { describeZodError } from '../server/errors.js';
import { callOptions, collect, fail } from './util.js';

export function registerCheck(program: Command): void {
  callOptions(program.command('check').description('decide one tool call and print the decision as JSON (no server needed)'), '{"command":"ls -la"}')
    .option('--session <id>', 'session id', 'cli')
    .option('--db <path-or-url>', 'record the decision in this database (default: in memory, not kept)', ':memory:')
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .addHelpText('after', '\nExit status: 0 allow, 2 ask, 3 deny, 1 error.')
    .action(async (opts) => {
      const parsed = CheckRequest.safeParse({
        session_id: opts.session, agent_id: opts.agent,
        tool: opts.tool,
        input: opts.input,
        context: { cwd: opts.cwd, home: opts.home },
      });
      if (!parsed.success) fail(describeZodError(parsed.error));
      let gateway;
      try {
        gateway = await createGateway({ db: opts.db, policyDirs: opts.policyDir, logger: createLogger('warn') });
      } catch (error) {
        fail((error as Error).message);
      }
      try {
        const { response } = await gateway.pipeline.check(parsed.data);
        process.stdout.write(JSON.stringify(response, null, 2) + '\n');
        process.exitCode = response.decision === 'allow' ? 0 : response.decision === 'ask' ? 2 : 3;
      } finally {
        await gateway.close();
      }
    });
}
