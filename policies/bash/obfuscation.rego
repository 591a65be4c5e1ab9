# Decoding and de-obfuscating code on the fly, and tricks that hide what a command is.
package toolgate.rules.bash.obfuscation

import rego.v1

import data.toolgate.lib

cfg := data.config.bash

sinks := [c | some c in lib.commands; sink(c)]

sink(c) if c.name in cfg.shells

sink(c) if c.name in cfg.interpreters

sink(c) if c.name in cfg.code_runners

sink(c) if c.dynamic_name

program_from_stdin(c) if {
	c.inline_code == null
	count(c.operands) == 0
	not own_program(c)
}

program_from_stdin(c) if {
	c.inline_code == null
	c.operands[0] in cfg.stdin_paths
}

program_from_stdin(c) if {
	c.name in cfg.shells
	lib.has_flag(c, "s")
}

program_from_stdin(c) if c.name in cfg.code_runners

program_from_stdin(c) if c.dynamic_name

own_program(c) if {
	some f in cfg.program_flags
	lib.has_flag(c, f)
}

decoder(c) if c.name in cfg.decoders

runs(src, dst) if {
	some f in input.facts.flows
	f.from == src.id
	f.to == dst.id
	f.kind in {"process_substitution", "command_substitution"}
}

runs(src, dst) if {
	lib.feeds(src, dst)
	program_from_stdin(dst)
}

findings contains lib.finding(
	"bash.obfuscation.decode_to_interpreter",
	"deny",
	"obfuscation",
	"critical",
	sprintf("decoded data from %s is run by %s", [src.name, dst.name]),
) if {
	some dst in sinks
	some src in lib.sources(dst)
	decoder(src)
	runs(src, dst)
}

findings contains lib.finding(
	"bash.obfuscation.decode_to_shell_signal",
	"deny",
	"obfuscation",
	"critical",
	"decoded data is run as a command",
) if "decode_to_shell" in input.facts.signals

# A command name built at run time or spelled to hide it ($'\x72\x6d', 'r''m', ${IFS}): ask at least.
findings contains lib.finding(
	"bash.obfuscation.hidden_command_name",
	"ask",
	"obfuscation",
	"high",
	sprintf("the command name is hidden (%s)", [concat(", ", sort(signals))]),
) if {
	signals := {s | some s in input.facts.signals; s in cfg.obfuscation.ask_signals}
	count(signals) > 0
}

# Arbitrary text piped into a shell that reads its program from stdin (echo … | sh): the
# program is assembled from data, not written as a command.
findings contains lib.finding(
	"bash.obfuscation.data_to_shell",
	"ask",
	"obfuscation",
	"medium",
	sprintf("output of %s is run as a shell program by %s", [src.name, dst.name]),
) if {
	some dst in sinks
	dst.name in cfg.shells
	program_from_stdin(dst)
	some src in lib.sources(dst)
	not static_source(src)
}

# Text written in the command itself (echo …, a heredoc into cat): the normalizer parses it as
# nested commands, which the other rules judge.
static_source(c) if {
	c.name in cfg.obfuscation.static_sources
	count(c.paths) == 0
}

# Inline code that decodes a payload and executes it (os.system(b64decode(…)), eval(atob(…))).
findings contains lib.finding(
	"bash.obfuscation.inline_decode_exec",
	"deny",
	"obfuscation",
	"critical",
	sprintf("inline %s code decodes a payload and executes it", [c.inline_code.language]),
) if {
	some c in lib.commands
	c.inline_code != null
	lib.regex_match(cfg.obfuscation.inline_decode_pattern, c.inline_code.code)
	lib.regex_match(cfg.inline_exec_code_pattern, c.inline_code.code)
}
