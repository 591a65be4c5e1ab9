/** `toolgate approvals list|approve|deny`: answer the `ask` decisions waiting for a person. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_GATEWAY_URL } from '../integrations/shared/config.js';
import { fail } from './util.js';

interface Options {
  gateway?: string;
  by?: string;
  note?: string;
  status?: string;
  json?: boolean;
}

function gatewayOf(opts: Options): string {
  return (opts.gateway ?? process.env.TOOLGATE_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '');
}

async function call(opts: Options, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const url = `${gatewayOf(opts)}${path}`;
  // Answering approvals is an admin's job: an admin token if there is one.
  const token = process.env.TOOLGATE_ADMIN_TOKEN || process.env.TOOLGATE_TOKEN;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    fail(`cannot reach the gateway at ${gatewayOf(opts)} (${(error as Error).message}); is it running? (--gateway or TOOLGATE_URL)`);
  }
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    fail(`the gateway at ${gatewayOf(opts)} answered HTTP ${response.status} with something that is not JSON`);
  }
  if (!response.ok) fail(parsed?.error?.message ? `${parsed.error.message} (HTTP ${response.status})` : `HTTP ${response.status}`);
  return parsed;
}

function line(a: any): string {
  const left = a.status === 'pending' ? `, ${Math.max(0, Math.round((a.expires_at - Date.now()) / 1000))} s left` : '';
  const who = a.decided_by ? ` by ${a.decided_by}` : '';
  const note = a.note ? ` — ${a.note}` : '';
  return `${a.id}  ${a.status}${left}${who}  ${a.tool}  session ${a.session_id}  decision ${a.decision_id}${note}`;
}

export function registerApprovalsCommand(program: Command): void {
  const approvals = program.command('approvals').description('list and answer pending approvals (ask decisions of clients without a prompt)');
  const common = (cmd: Command) => cmd.option('--gateway <url>', `gateway URL (default $TOOLGATE_URL or ${DEFAULT_GATEWAY_URL})`);

  common(approvals.command('list'))
    .description('approvals, newest first (default: pending)')
    .option('--status <status>', 'pending | approved | denied | expired | all', 'pending')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const status = opts.status === 'all' ? '' : `?status=${encodeURIComponent(opts.status ?? 'pending')}`;
      const { approvals: rows } = await call(opts, 'GET', `/v1/approvals${status}`);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0) return void process.stdout.write('no approvals\n');
      for (const a of rows) process.stdout.write(`${line(a)}\n`);
      const decisionHint = rows.some((a: any) => a.status === 'pending') ? '\nsee what was asked: toolgate audit show <decision id>; answer: toolgate approvals approve|deny <id>\n' : '';
      process.stdout.write(decisionHint);
    });

  for (const verb of ['approve', 'deny'] as const) {
    common(approvals.command(verb))
      .description(verb === 'approve' ? 'let the waiting call run' : 'block the waiting call')
      .argument('<id>', 'the approval id (from `toolgate approvals list`)')
      .option('--by <name>', 'who answers (default: your user name)')
      .option('--note <text>', 'why; shown to the agent')
      .action(async (id: string, opts: Options) => {
        const by = opts.by ?? userInfo().username;
        const a = await call(opts, 'POST', `/v1/approvals/${encodeURIComponent(id)}`, { decision: verb, by, ...(opts.note ? { note: opts.note } : {}) });
        process.stdout.write(`${line(a)}\n`);
      });
  }
}
