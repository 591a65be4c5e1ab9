/**
 * Shells and interpreters: they run code. The bash walk reads their code (inline-code.ts,
 * the nested shell walk, and src/normalize/code/ for each language); the table only says
 * which language a program speaks, so that the code's exec effect names it.
 */
import type { Family, ProgramKnowledge } from './types.js';

const lang = (language: string): ProgramKnowledge => ({ rules: [{ effect: 'code', language }] });

export const INTERPRETERS: Family = {
  sh: lang('bash'), bash: lang('bash'), zsh: lang('bash'), dash: lang('bash'), ksh: lang('bash'), mksh: lang('bash'), ash: lang('bash'),
  fish: lang('fish'), csh: lang('csh'), tcsh: lang('csh'), yash: lang('bash'), posh: lang('bash'), rbash: lang('bash'),
  eval: lang('bash'), source: lang('bash'), '.': lang('bash'), at: lang('bash'), batch: lang('bash'),
  python: lang('python'), python2: lang('python'), python3: lang('python'), pypy: lang('python'), pypy3: lang('python'),
  perl: lang('perl'), ruby: lang('ruby'), irb: lang('ruby'), php: lang('php'), lua: lang('lua'), luajit: lang('lua'),
  node: lang('javascript'), nodejs: lang('javascript'), deno: lang('javascript'), tsx: lang('typescript'), 'ts-node': lang('typescript'),
  awk: lang('awk'), gawk: lang('awk'), mawk: lang('awk'), nawk: lang('awk'),
  pwsh: lang('powershell'), powershell: lang('powershell'), Rscript: lang('r'), R: lang('r'), osascript: lang('applescript'),
  tclsh: lang('tcl'), wish: lang('tcl'), guile: lang('scheme'), racket: lang('scheme'), julia: lang('julia'), groovy: lang('groovy'),
  octave: lang('octave'), 'octave-cli': lang('octave'), matlab: lang('matlab'), gnuplot: lang('gnuplot'), maxima: lang('maxima'),
  sage: lang('python'), ipython: lang('python'), ipython3: lang('python'), micropython: lang('python'),
  gosh: lang('scheme'), csi: lang('scheme'), 'chibi-scheme': lang('scheme'), sbcl: lang('lisp'), clisp: lang('lisp'), ecl: lang('lisp'), ccl: lang('lisp'),
  ghc: lang('haskell'), clojure: lang('clojure'), clj: lang('clojure'), bb: lang('clojure'), raku: lang('raku'), perl6: lang('raku'), rakudo: lang('raku'),
  crystal: lang('crystal'),
  jshell: lang('java'), scala: lang('scala'), elixir: lang('elixir'), erl: lang('erlang'), ghci: lang('haskell'), runghc: lang('haskell'),
};
