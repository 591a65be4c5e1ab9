/** `toolgate agents stop|lift|show`: the operator's controls over a whole agent, on a running gateway. */
import type { Command } from 'commander';
import { operatorCall, operatorOptions, type OperatorOptions } from './operator-client.js';

const path = (agent: string, what: string) => `/v1/agents/${encodeURIComponent(agent)}/${what}`;
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export function registerAgentsCommand(program: Command): void {
  const agents = program.command('agents').description("stop an agent (every session, new ones too) until you lift it; see its stop and usage");

  operatorOptions(agents.command('stop'))
    .description('deny every call of every session of the agent, including sessions it starts later')
    .argument('<agent>', 'the agent id (what its token is bound to, or the agent_id its adapter sends)')
    .option('--reason <text>', 'why; shown to the agent in every denial')
    .action(async (agent: string, opts: OperatorOptions & { reason?: string }) => {
      print(await operatorCall(opts, 'POST', path(agent, 'stop'), opts.reason ? { reason: opts.reason } : {}));
    });

  operatorOptions(agents.command('lift'))
    .description("lift the agent's stop: its sessions are as they were before it")
    .argument('<agent>', 'the agent id')
    .action(async (agent: string, opts: OperatorOptions) => print(await operatorCall(opts, 'DELETE', path(agent, 'stop'))));

  operatorOptions(agents.command('show'))
    .description("the agent's stop, if any")
    .argument('<agent>', 'the agent id')
    .action(async (agent: string, opts: OperatorOptions) => print(await operatorCall(opts, 'GET', path(agent, 'stop'))));
}
