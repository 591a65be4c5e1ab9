/**
 * The toolgate command line. One file per command; each registers itself here.
 */
import { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerTokensCommand } from './tokens.js';
import { registerCheck } from './check.js';
import { registerBuild } from './build.js';
import { registerTest } from './test.js';
import { registerLint } from './lint.js';
import { registerFmt } from './fmt.js';
import { registerExplain } from './explain.js';
import { registerReplay } from './replay.js';
import { registerHookCommand } from './hook.js';
import { registerAudit } from './audit.js';
import { registerInstallCommands } from './install.js';
import { registerMcpProxyCommand } from './mcp-proxy.js';
import { registerApprovalsCommand } from './approvals.js';
import { registerAgentsCommand } from './agents.js';
import { registerPolicyCommand } from './policy.js';

const program = new Command();
program
  .name('toolgate')
  .description('A policy-engine firewall for AI agent tool calls: parse, decide with Rego (WASM), log every decision.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

registerServe(program);
registerTokensCommand(program);
registerCheck(program);
registerBuild(program);
registerTest(program);
registerLint(program);
registerFmt(program);
registerExplain(program);
registerReplay(program);
registerHookCommand(program);
registerAudit(program);
registerInstallCommands(program);
registerMcpProxyCommand(program);
registerApprovalsCommand(program);
registerAgentsCommand(program);
registerPolicyCommand(program);

await program.parseAsync(process.argv);
