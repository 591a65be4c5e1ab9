/** `toolgate approvals list|approve|deny`: answer the `ask` decisions waiting for a person. */
import type { Command } from 'commander';
import { operatorCall as call, operatorOptions, type OperatorOptions } from './operator-client.js';

interface Options extends OperatorOptions {
  note?: string;
  status?: string;
  json?: boolean;
}

const seconds = (ms: number) => (ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/** One approval on one line: what waits, why, for whom, and how long it has. */
function line(a: any): string {
  const left = a.status === 'pending' ? `, ${seconds(a.time_left_ms ?? Math.max(0, a.expires_at - Date.now()))} left` : '';
  const who = a.decided_by ? ` by ${a.decided_by}` : '';
  const note = a.note ? ` — ${a.note}` : '';
  const call = a.call;
  const what = call ? `${call.tool}: ${call.summary}  [${(call.categories ?? []).join(', ') || 'no category'}; risk ${call.risk}]` : a.tool;
  const age = typeof a.age_ms === 'number' ? `, asked ${seconds(a.age_ms)} ago` : '';
  return `${a.id}  ${a.status}${left}${age}${who}\n    ${what}\n    agent ${call?.agent_id ?? a.agent_id ?? '-'}  session ${a.session_id}  decision ${a.decision_id}${note}`;
}

/** Everything an approver needs to judge one call. */
function details(a: any): string {
  const out = [line(a)];
  const call = a.call;
  if (call) {
    for (const r of call.reasons ?? []) out.push(`    reason: ${r.message ?? ''}${r.rule ? ` (${r.rule})` : ''}`);
    out.push(`    input (secrets masked): ${JSON.stringify(call.input, null, 2).replace(/\n/g, '\n    ')}`);
  }
  if (a.status === 'pending') out.push(`\nanswer: toolgate approvals approve ${a.id}   or   toolgate approvals deny ${a.id} --note "why"`);
  return out.join('\n');
}

export function registerApprovalsCommand(program: Command): void {
  const approvals = program.command('approvals').description('list and answer pending approvals (ask decisions of clients without a prompt)');
  const common = operatorOptions;

  common(approvals.command('list'))
    .description('approvals, newest first (default: pending)')
    .option('--status <status>', 'pending | approved | denied | expired | all', 'pending')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const { approvals: rows } = await call(opts, 'GET', `/v1/approvals?status=${encodeURIComponent(opts.status ?? 'pending')}`);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0) return void process.stdout.write('no approvals\n');
      for (const a of rows) process.stdout.write(`${line(a)}\n`);
      const hint = rows.some((a: any) => a.status === 'pending') ? '\nthe whole call: toolgate approvals show <id>; answer: toolgate approvals approve|deny <id>\n' : '';
      process.stdout.write(hint);
    });

  common(approvals.command('show'))
    .description('one approval with the call it would let run: tool, input (masked), reasons, categories, risk, agent, session, time left')
    .argument('<id>', 'the approval id (from `toolgate approvals list`)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: Options) => {
      const a = await call(opts, 'GET', `/v1/approvals/${encodeURIComponent(id)}`);
      process.stdout.write(opts.json ? `${JSON.stringify(a, null, 2)}\n` : `${details(a)}\n`);
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
