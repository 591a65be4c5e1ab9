/** `toolgate approvals list|approve|deny`: answer the `ask` decisions waiting for a person. */
import type { Command } from 'commander';
import { operatorCall as call, operatorOptions, type OperatorOptions } from './operator-client.js';

interface Options extends OperatorOptions {
  note?: string;
  status?: string;
  json?: boolean;
}

function line(a: any): string {
  const left = a.status === 'pending' ? `, ${Math.max(0, Math.round((a.expires_at - Date.now()) / 1000))} s left` : '';
  const who = a.decided_by ? ` by ${a.decided_by}` : '';
  const note = a.note ? ` — ${a.note}` : '';
  return `${a.id}  ${a.status}${left}${who}  ${a.tool}  session ${a.session_id}  decision ${a.decision_id}${note}`;
}

export function registerApprovalsCommand(program: Command): void {
  const approvals = program.command('approvals').description('list and answer pending approvals (ask decisions of clients without a prompt)');
  const common = operatorOptions;

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
      const decisionHint = rows.some((a: any) => a.status === 'pending') ? '\nsee what was asked: toolgate decisions show <decision id>; answer: toolgate approvals approve|deny <id>\n' : '';
      process.stdout.write(decisionHint);
    });

  for (const verb of ['approve', 'deny'] as const) {
    common(approvals.command(verb))
      .description(verb === 'approve' ? 'let the waiting call run' : 'block the waiting call')
      .argument('<id>', 'the approval id (from `toolgate approvals list`)')
      .option('--note <text>', 'why; shown to the agent')
      .action(async (id: string, opts: Options) => {
        const a = await call(opts, 'POST', `/v1/approvals/${encodeURIComponent(id)}`, { decision: verb, ...(opts.note ? { note: opts.note } : {}) });
        process.stdout.write(`${line(a)}\n`);
      });
  }
}
