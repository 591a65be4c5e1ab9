# Exhausting processes, memory or disk: fork bombs, endless writers, disk fillers.
package toolgate.rules.bash.resource_exhaustion

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.resource_exhaustion

# A function that calls itself in a pipeline or in the background: the classic fork bomb.
findings contains lib.finding(
	"bash.resource_exhaustion.fork_bomb",
	"deny",
	"resource_exhaustion",
	"critical",
	"a function calls itself recursively in a pipeline or in the background: a fork bomb",
) if {
	"recursive_function" in input.facts.signals
	some c in lib.commands
	c.via == "function"
	forks(c)
}

forks(c) if c.background

forks(c) if c.pipeline != null

# Inline code that forks in a loop (perl -e 'fork while fork', os.fork() in while True).
findings contains lib.finding(
	"bash.resource_exhaustion.fork_loop",
	"deny",
	"resource_exhaustion",
	"critical",
	sprintf("inline %s code forks in a loop", [c.inline_code.language]),
) if {
	some c in lib.commands
	c.inline_code != null
	lib.regex_match(cfg.fork_loop_pattern, c.inline_code.code)
}

# Stress tools and disk fillers.
findings contains lib.finding(
	"bash.resource_exhaustion.stress_tool",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("%s is built to exhaust CPU, memory or disk", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.stress_tools
}

# HTTP load generators are everyday performance work while their load is bounded: a request
# count or a duration (given, or the tool's own default), at a concurrency and for a time an
# operator would call a test. Without a bound, or beyond the limits, they flood a service.
findings contains lib.finding(
	"bash.resource_exhaustion.unbounded_load",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("%s %s", [c.name, why]),
) if {
	some c in lib.commands
	spec := cfg.load_generators[c.name]
	sends_load(c, spec)
	some why in load_excess(c, spec)
}

# A tool with subcommands sends load only in some of them (`vegeta attack`, not `vegeta report`).
sends_load(_, spec) if not spec.subcommands

sends_load(c, spec) if c.args[0] in spec.subcommands

load_excess(c, spec) := {why |
	not spec.bounded_by_default
	count(load_option_values(c, spec.limits)) == 0
	why := sprintf("sends load without end (no %s given)", [concat(" or ", spec.limits)])
} | {why |
	some v in load_option_values(c, spec.concurrency)
	n := leading_number(v)
	n > cfg.load_limits.max_concurrency
	why := sprintf("opens %v concurrent clients (more than %v)", [n, cfg.load_limits.max_concurrency])
} | {why |
	some v in load_option_values(c, spec.durations)
	s := duration_seconds(v)
	s > cfg.load_limits.max_duration_seconds
	why := sprintf("sends load for %v seconds (more than %v)", [s, cfg.load_limits.max_duration_seconds])
}

# Go-style tools spell long options with one dash and `=` (vegeta -duration=30s).
load_option_values(c, opts) := lib.option_values(c, opts) | {v |
	some a in c.args
	some o in opts
	startswith(a, concat("", [o, "="]))
	v := substring(a, count(o) + 1, -1)
}

leading_number(v) := to_number(v) if lib.digits(v)

# "90", "90s", "5m", "2h", "1M": the duration in seconds (a bare number is seconds). A compound
# ("1h30m") is not read, and so never judged too long.
duration_seconds(v) := to_number(v) if lib.digits(v)

duration_seconds(v) := to_number(number) * unit_seconds[unit] if {
	not lib.digits(v)
	unit := trim_left(lower(v), "0123456789")
	number := trim_suffix(lower(v), unit)
	lib.digits(number)
}

unit_seconds := {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}

# Large allocations (fallocate -l 100G, truncate -s 1T, dd count large).
findings contains lib.finding(
	"bash.resource_exhaustion.large_file",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("%s allocates %s", [c.name, size]),
) if {
	some c in lib.commands
	c.name in cfg.allocators
	some size in sizes(c)
	huge(size)
}

sizes(c) := lib.option_values(c, {"-l", "--length", "-s", "--size", "-c", "--bytes"}) | {substring(a, 6, -1) | some a in c.args; startswith(a, "count=")}

huge(size) if lib.regex_match(cfg.huge_size_pattern, size)

huge(size) if {
	lib.digits(size)
	to_number(size) >= cfg.huge_count
}

# Endless sources written to a file or the disk (cat /dev/urandom > f, yes > f, dd if=/dev/zero of=f without count).
findings contains lib.finding(
	"bash.resource_exhaustion.endless_writer",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("%s writes an endless stream to a file", [c.name]),
) if {
	some c in lib.commands
	endless(c)
	some r in c.redirects
	r.write
	r.path != null
	not lib.harmless_device(r.path)
}

findings contains lib.finding(
	"bash.resource_exhaustion.endless_dd",
	"ask",
	"resource_exhaustion",
	"medium",
	"dd copies an endless device without a count",
) if {
	some c in lib.commands
	c.name == "dd"
	some a in c.args
	a in {"if=/dev/zero", "if=/dev/urandom", "if=/dev/random"}
	not count_given(c)
	some b in c.args
	startswith(b, "of=")
	not b in {"of=/dev/null"}
}

count_given(c) if {
	some a in c.args
	startswith(a, "count=")
}

endless(c) if c.name == "yes"

endless(c) if {
	c.name in {"cat", "head", "tail"}
	some p in c.paths
	p.path in cfg.endless_devices
	not bounded(c)
}

endless(c) if {
	some r in c.redirects
	not r.write
	r.path != null
	r.path.path in cfg.endless_devices
}

bounded(c) if c.name == "head"

# dd with a block size in gigabytes and a count that adds up to a disk's worth.
findings contains lib.finding(
	"bash.resource_exhaustion.dd_large",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("dd writes %s blocks of %s", [n, bs]),
) if {
	some c in lib.commands
	c.name == "dd"
	some a in c.args
	startswith(a, "bs=")
	bs := substring(a, 3, -1)
	lib.regex_match(`(?i)^[0-9]+(g|gb|gib|t|tb|tib)$`, bs)
	some b in c.args
	startswith(b, "count=")
	n := substring(b, 6, -1)
	lib.digits(n)
	to_number(n) >= cfg.large_dd_gigabytes
}

# Endless loops that spawn processes in the background (while true; do … & done).
findings contains lib.finding(
	"bash.resource_exhaustion.background_loop",
	"ask",
	"resource_exhaustion",
	"medium",
	"an endless loop starts background processes",
) if {
	lib.is_bash
	some c in lib.commands
	c.background
	some text in lib.command_texts
	lib.regex_match(cfg.endless_loop_pattern, text)
}

# Removing resource limits before running something.
findings contains lib.finding(
	"bash.resource_exhaustion.unlimited",
	"ask",
	"resource_exhaustion",
	"low",
	"ulimit removes process or memory limits",
) if {
	some c in lib.commands
	c.name == "ulimit"
	some a in c.args
	a == "unlimited"
}

# xargs/parallel with unbounded or very wide parallelism (xargs -P 0, -P 1000).
findings contains lib.finding(
	"bash.resource_exhaustion.unbounded_parallelism",
	"ask",
	"resource_exhaustion",
	"medium",
	sprintf("%s runs %s processes at once", [c.name, n]),
) if {
	some c in lib.commands
	c.name in {"xargs", "parallel"}
	some n in lib.option_values(c, {"-P", "--max-procs", "-j", "--jobs"})
	wide_parallelism(n)
}

wide_parallelism("0")

wide_parallelism(n) if {
	lib.digits(n)
	to_number(n) >= cfg.max_parallelism
}
