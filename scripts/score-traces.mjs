#!/usr/bin/env node
// npm run score:traces -- [dir] [--mode all|meaningful,raw,none,unique] [--with-safety] [--verbose] [--json] [--filter TEXT] [--no-output-text]
// Tool-safety asks and denies are passed over (as if a person answered them) and reported apart,
// in the column "healthy asked by tool safety": the figures judge the session governance.
// --with-safety counts them as interruptions instead (how rounds 1-7 were first scored).
// Replays every trace of a folder against a real gateway in each output mode and prints
// caught %, median calls to catch and healthy interrupted % (src/testing/trace-score.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OUTPUT_MODES } from '../dist/testing/traces.js';
import { scoreTable, scoreTraces, traceLines } from '../dist/testing/trace-score.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: npm run score:traces -- [dir] [--mode all|meaningful,raw,none,unique] [--with-safety] [-v|--verbose] [--json] [--filter TEXT] [--seed N] [--no-output-text]

Replays every trace (*.yaml) of dir (default rules-tests/session/traces) against a real gateway
and prints, per output mode, runaways caught, the median calls to catch and healthy sessions
interrupted by loop governance. Tool-safety asks and denies are answered as a person would and
reported apart (healthy sessions asked by tool safety); --with-safety counts them as
interruptions instead (--loop-only, the old name of the default, is accepted). -v prints each
trace's outcome and the rule that fired.`;
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: OPTIONS() });
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const { values, positionals } = parsed;
function OPTIONS() {
  return {
    help: { type: 'boolean', short: 'h', default: false },
    mode: { type: 'string', default: 'all' },
    verbose: { type: 'boolean', short: 'v', default: false },
    json: { type: 'boolean', default: false },
    filter: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'no-output-text': { type: 'boolean', default: false },
    'loop-only': { type: 'boolean', default: false },
    'with-safety': { type: 'boolean', default: false },
  };
}
const dir = path.resolve(positionals[0] ?? path.join(root, 'rules-tests/session/traces'));
const modes = values.mode === 'all' ? [...OUTPUT_MODES] : values.mode.split(',').map((m) => m.trim());
for (const m of modes) {
  if (!OUTPUT_MODES.includes(m)) {
    console.error(`unknown --mode ${m}: use all or a comma list of ${OUTPUT_MODES.join(', ')}`);
    process.exit(2);
  }
}
const started = Date.now();
const { traces, scores, sendOutput } = await scoreTraces(dir, {
  modes,
  sendOutput: values['no-output-text'] ? false : undefined,
  seed: Number(values.seed),
  filter: values.filter,
  loopOnly: !values['with-safety'],
});
if (values.json) {
  console.log(JSON.stringify({ dir, traces: traces.length, scores: scores.map((s) => ({ mode: s.mode, early: s.early, ...s.figures })) }, null, 2));
} else {
  if (values.verbose) for (const s of scores) console.log(traceLines(s).join('\n'));
  console.log(`${dir}: ${traces.length} traces, ${((Date.now() - started) / 1000).toFixed(1)} s, reports ${sendOutput ? 'with' : 'without'} output text${values['with-safety'] ? ', tool-safety asks and denies count as interruptions' : ', tool-safety asks and denies passed over and reported apart'}`);
  console.log(scoreTable(scores));
}
