# Running code fetched from the network or decoded on the fly.
package toolgate.rules.bash.remote_code_exec

import rego.v1

import data.toolgate.lib

cfg := data.config.bash

# c runs code: a shell, an interpreter, eval/source, or a command whose name is only known at run time.
exec_sink(c) if c.name in cfg.shells

exec_sink(c) if c.name in cfg.interpreters

exec_sink(c) if c.name in cfg.code_runners

exec_sink(c) if c.dynamic_name

# c takes its program from stdin: no inline code (-c/-e), no module (-m), no script file, or "-", or -s.
program_from_stdin(c) if {
	c.inline_code == null
	not own_program_flag(c)
	count(c.operands) == 0
}

program_from_stdin(c) if {
	c.inline_code == null
	c.operands[0] in cfg.stdin_paths
}

# sh -c with its script taken from the input (xargs sh -c, read into -c): the -c has no literal.
program_from_stdin(c) if {
	c.name in cfg.shells
	lib.has_flag(c, "c")
	count(c.operands) == 0
	c.inline_code == null
}

program_from_stdin(c) if {
	c.name in cfg.shells
	lib.has_flag(c, "s")
}

program_from_stdin(c) if c.name in cfg.code_runners

# php's `--` ends its options and the words after it go to the program, which php then reads
# from stdin (`wget -O - URL | php -- --install-dir=bin`).
program_from_stdin(c) if {
	c.inline_code == null
	startswith(c.name, "php")
	not own_program_flag(c)
	some i, a in c.args
	a == "--"
	every w in array.slice(c.args, 0, i) {
		startswith(w, "-")
	}
}

program_from_stdin(c) if c.dynamic_name

own_program_flag(c) if {
	some f in cfg.program_flags
	lib.has_flag(c, f)
}

# What a substitution produces becomes code when it is the argument of a code runner.
runs_input(src, dst) if {
	some f in input.facts.flows
	f.from == src.id
	f.to == dst.id
	f.kind in {"process_substitution", "command_substitution"}
}

runs_input(src, dst) if {
	lib.feeds(src, dst)
	program_from_stdin(dst)
}

# Through a wrapper that forwards its input (xargs sh -c, sudo bash): src feeds the wrapper.
runs_input(src, dst) if {
	w := lib.command_by_id[dst.parent]
	lib.feeds(src, w)
	program_from_stdin(dst)
}

# A shell given a -c script that itself hands its stdin to a shell (curl … | sh -c 'cat | sh').
runs_input(src, dst) if {
	outer := lib.command_by_id[dst.parent]
	outer.name in cfg.shells
	lib.feeds(src, outer)
	dst.pipe_index > 0
	program_from_stdin(dst)
	some first in lib.commands
	first.pipeline == dst.pipeline
	first.pipe_index == 0
	first.parent == outer.id
	first.name in cfg.obfuscation.static_sources
	count(first.paths) == 0
}

downloaders := [c | some c in lib.commands; c.name in cfg.download_tools]

# The commands that run code, found once per call: a function such as exec_sink is evaluated
# again for every pair it is called in, and a call may hold hundreds of commands.
sinks := [c | some c in lib.commands; exec_sink(c)]

sink_ids := {c.id | some c in sinks}

findings contains lib.finding(
	"bash.remote_code_exec.download_to_interpreter",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("output of %s is run by %s: code fetched from the network", [src.name, name_of(dst)]),
) if {
	some dst in sinks
	some src in feeding(dst)
	src.name in cfg.download_tools
	runs_input(src, dst)
}

# The commands whose output may reach dst as its program: its sources and those of the
# command that wraps it (every way runs_input knows), looked up rather than paired with
# every download of the call.
feeding(dst) := array.concat(lib.sources(dst), wrapper_sources(dst))

wrapper_sources(dst) := lib.sources(w) if w := lib.command_by_id[dst.parent]

else := []

name_of(c) := c.name if c.name != ""

name_of(c) := "a dynamic command" if c.name == ""

# A download saved to a file that the same script then runs (curl -o x.sh && bash x.sh, ./x.sh).
findings contains lib.finding(
	"bash.remote_code_exec.download_then_run",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("%s saves %s and the script then runs it", [src.name, p.path]),
) if {
	some dst in lib.commands
	some path in run_paths(dst)
	path in downloaded_paths
	some src in downloaders
	dst.id > src.id
	some p in lib.write_targets(src)
	p.path == path
}

# Paths the call's downloads write (a set of strings: a command that runs a file is paired
# with the downloads only when one of them wrote a path it runs).
downloaded_paths := {p.path | some src in downloaders; some p in lib.write_targets(src)}

# The files c runs: itself by path, or the script operand of a code runner.
run_paths(c) := {c.path | c.path != null} | {q.path |
	c.id in sink_ids
	some q in c.paths
	q.raw == c.operands[0]
}

# Inline interpreter code that fetches and executes (exec(urlopen(…).read()), eval(fetch…)).
findings contains lib.finding(
	"bash.remote_code_exec.inline_fetch_exec",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("inline %s code fetches %s and executes code", [c.inline_code.language, u.raw]),
) if {
	some c in lib.commands
	c.inline_code != null
	count(c.inline_code.urls) > 0
	executes(c.inline_code)
	some u in c.inline_code.urls
}

executes(code) if {
	some call in code.calls
	lib.regex_match(cfg.inline_exec_calls, call)
}

executes(code) if lib.regex_match(cfg.inline_exec_code_pattern, code.code)

# The normalizer's own view: fetched data flows into a shell that reads it as a program.
findings contains lib.finding(
	"bash.remote_code_exec.fetch_to_shell_signal",
	"deny",
	"remote_code_exec",
	"critical",
	"fetched data flows into a shell that runs it",
) if {
	"fetch_to_shell" in input.facts.signals
	some dst in lib.commands
	dst.name in cfg.shells
	program_from_stdin(dst)
	some src in lib.sources(dst)
	src.name in cfg.download_tools
}

# Remote package installs that run code straight from a URL (pip install https://…, npm i http…tgz).
findings contains lib.finding(
	"bash.remote_code_exec.install_from_url",
	"ask",
	"remote_code_exec",
	"medium",
	sprintf("%s installs code straight from %s, not from a configured registry", [c.name, o]),
) if {
	some c in lib.commands
	c.name in cfg.package_tampering.url_installers
	some o in c.operands
	lib.regex_match(cfg.package_tampering.url_package_pattern, o)
	not allowed_source(o)
}

allowed_source(o) if {
	some prefix in cfg.package_tampering.allowed_url_prefixes
	startswith(o, prefix)
}

# The normalizer saw a file written by a fetcher being run later (curl -o f; ./f).
findings contains lib.finding(
	"bash.remote_code_exec.fetched_file_run",
	"deny",
	"remote_code_exec",
	"critical",
	"a file fetched from the network is run by the same command",
) if "fetched_file_run" in input.facts.signals

# A code runner whose argument contains a download (iex (iwr …), eval `wget -O- …`), however it is nested.
findings contains lib.finding(
	"bash.remote_code_exec.runner_wraps_download",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("%s runs what %s downloads", [runner.name, d.name]),
) if {
	some d in downloaders
	runner := lib.command_by_id[d.parent]
	runner.name in cfg.code_runners
}

# A script run by name after a download that names it (aria2c -o x.sh …; bash x.sh, scp host:/x.sh .; sh x.sh,
# lwp-download URL /tmp/x; sh /tmp/x): the file name ties the run to the download.
findings contains lib.finding(
	"bash.remote_code_exec.downloaded_name_run",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("%s runs %s, which %s just fetched", [dst.name, name, src.name]),
) if {
	some dst in lib.commands
	name := script_name(dst)
	name in downloaded_names
	some src in downloaders
	dst.id > src.id
	some a in src.args
	last_segment(a) == name
}

# The last path segments of the downloads' arguments (a command is paired with the downloads
# only when the script it runs has one of these names).
downloaded_names := {last_segment(a) | some src in downloaders; some a in src.args}

# The script a shell runs is its first operand; else the program run by path. One value per
# command (`/bin/sh x.sh` has a path and an operand: two rules giving both was a conflict).
script_name(c) := base if {
	c.name in cfg.shells
	not "c" in c.flags # `sh -c LINE`: the operand is a command line, not a script's name
	count(c.operands) > 0
	parts := split(c.operands[0], "/")
	base := parts[count(parts) - 1]
	base != ""
	base != "-"
} else := base if {
	c.path != null
	parts := split(c.path, "/")
	base := parts[count(parts) - 1]
}

last_segment(a) := s if {
	parts := split(split(a, "?")[0], "/")
	s := parts[count(parts) - 1]
	s != ""
}

# A repository cloned and a script of it run in the same command (git clone … && ./install.sh).
findings contains lib.finding(
	"bash.remote_code_exec.clone_and_run",
	"ask",
	"remote_code_exec",
	"medium",
	sprintf("a freshly cloned repository's %s is run", [script]),
) if {
	some g in lib.commands
	g.name == "git"
	"clone" in g.operands
	some dst in lib.commands
	dst.id > g.id
	script := clone_script(dst)
}

clone_script(c) := c.argv[0] if {
	c.path != null
	lib.regex_match(`(?i)(install|setup|bootstrap|init|run|get)[^/]*$`, c.path)
}

# python -m pip install <url>
findings contains lib.finding(
	"bash.remote_code_exec.module_install_from_url",
	"ask",
	"remote_code_exec",
	"medium",
	sprintf("%s -m pip installs code straight from %s", [c.name, o]),
) if {
	some c in lib.commands
	c.name in cfg.interpreters
	"pip" in c.args
	"install" in c.args
	some o in c.args
	lib.regex_match(cfg.package_tampering.url_package_pattern, o)
	not allowed_source(o)
}
