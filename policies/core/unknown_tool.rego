# A tool with no normalizer of its own and no operator rule: ask, unless data lists it as trusted.
package toolgate.rules.core.unknown_tool

import rego.v1

import data.toolgate.lib

# Exact names first: the WASM runtime compiles a glob on every evaluation, so only the
# patterns whose literal text fits the name pay for glob.match.
trusted(name) if name in data.config.tools.trusted

# Entries are patterns when they contain *, ? or [ (lib.glob_candidates: only those whose literal text fits).
trusted(name) if {
	some g in lib.glob_candidates(data.config.tools.trusted, [name])
	pattern_entry(g)
	glob.match(g, [], name)
}

pattern_entry(g) if contains(g, "*")

pattern_entry(g) if contains(g, "?")

pattern_entry(g) if contains(g, "[")

# A tool whose name has a known verb (facts.verb, src/normalize/tools/verbs.ts: reads, posts,
# adds a record, writes, deletes, runs a statement) whose every effect is understood, with
# nothing indeterminate and no secret in its input, needs no vouching: what it does is judged
# by the rules over its effects, as the same effect of the built-in tools is. It reads and
# connects (credential paths and internal addresses deny), sends nothing secret, writes or
# deletes the files its path fields name (files.protected_writes and the delete rules judge
# them: a workspace edit is everyday, a CI file is read for what its steps run, outside the
# workspace asks), or runs a statement the SQL producer read (a row insert states nothing; a
# DROP, a TRUNCATE or a DELETE without WHERE deletes and asks). A tool that writes or deletes
# something its input does not name as a file (update_ref, delete_repository) still needs
# vouching; so does one that runs a command line: it states an exec effect for every program.
# What a written file stores (stored effects) is judged by core.stored_code. Off with
# config.tools.allow_read_only = false.
read_only_understood if {
	data.config.tools.allow_read_only == true
	input.facts.verb in {"read", "send", "create", "exec", "write", "delete"}
	count(input.facts.indeterminate) == 0
	count(input.facts.secrets) == 0
	every effect in own_effects {
		understood_effect(effect)
	}
	states_its_change
	not reads_env_file
}

own_effects := [e | some e in input.facts.effects; not object.get(e, "stored", false)]

understood_effect(e) if e.type in {"read", "connect"}

understood_effect(e) if {
	e.type == "send"
	count(e.sources) == 0
}

# A file its input names, judged by the rules for writes and deletes. A table a statement
# rewrites whole (UPDATE without WHERE) is no file: it is not understood here.
understood_effect(e) if {
	e.type in {"write", "delete"}
	not e.path.dynamic
	e.path.path != ""
	not startswith(e.path.path, "db:")
}

# A table a statement drops, truncates or empties: effects.destructive_db.drop asks.
understood_effect(e) if {
	e.type == "delete"
	startswith(e.path.path, "db:")
}

# A record elsewhere changed in place and undone by the opposite verb (an issue closed, a
# container stopped, a deployment restarted, a pull request merged without force): DESIGN.md's
# everyday loop on remote records. Grants, secrets, security settings, scale-to-zero, forced and
# public changes are not reversible (src/normalize/tools/changes.ts) and still need vouching.
understood_effect(e) if {
	e.type == "change"
	e.reversible == true
}

# A cloud or cluster CLI handed one read-only command line (call_aws {cli_command: "aws ecs
# describe-services …"}, a gcloud tool's "compute instances list"): the verb of its operation
# words reads (facts.command_verb), none of its words names a secret, and the bash rules judge
# the same line. What it prints is a listing, as the same command on the bash tool is.
understood_effect(e) if {
	e.type == "exec"
	object.get(input.facts, "command_verb", null) == "read"
	e.program in data.config.bash.destructive_cloud.clis
}

# Reads, posts, adds and runs state what they touch (or nothing); a write or a delete must name
# what it changes: a file among its effects, or a statement the SQL producer read.
states_its_change if input.facts.verb in {"read", "send", "create", "exec"}

states_its_change if {
	input.facts.verb in {"write", "delete"}
	some e in own_effects
	e.type == input.facts.verb
}

states_its_change if {
	input.facts.verb in {"write", "delete"}
	object.get(input.facts, "input_read_by", null) == "sql"
}

states_its_change if {
	input.facts.verb == "write"
	some e in own_effects
	e.type == "change"
}

# A .env read asks through the Read tool (files.credentials.env_file): the same through any other.
reads_env_file if {
	some effect in input.facts.effects
	effect.type == "read"
	lib.env_file(effect.path)
}

# A tool that runs the command line it is handed (facts.runs_command_line: mcp__shell__run
# {command}, desktop-commander's start_process, an ssh or pod exec) does what the line does:
# the bash rules judge the line as the Bash tool's, so a risky line gets the same answer
# through any runner. Whether an everyday line may run without a person looking is a question
# about the server, not the line: only the operator knows that the server runs exactly the
# line, where the client's shell would. config.tools.shell_runners lists the MCP servers (or
# whole tool names; patterns with *, ? or [) the operator vouches for as shell runners; a line
# the analysis could not fully read is never vouched for.
vouched_shell_runner if {
	input.facts.runs_command_line == true
	count(input.facts.indeterminate) == 0
	some name in runner_names
	runner_listed(name)
}

runner_names contains input.facts.name

runner_names contains input.facts.mcp_server if is_string(input.facts.mcp_server)

runner_listed(name) if name in data.config.tools.shell_runners

runner_listed(name) if {
	some g in lib.glob_candidates(data.config.tools.shell_runners, [name])
	pattern_entry(g)
	glob.match(g, [], name)
}

# A container started from fields the `docker run` line states whole (facts.starts_container_line:
# image, ports, environment, limits, and the options the line carries): the call does what
# that line does, and the bash and container rules judge it as the Bash tool's (a privileged
# container, a host mount, the Docker socket are denied there). Nothing indeterminate.
container_line_understood if {
	input.facts.starts_container_line == true
	count(input.facts.indeterminate) == 0
}

findings contains lib.finding(
	"core.unknown_tool",
	"ask",
	"defense_evasion",
	"low",
	sprintf("tool \"%s\" has no rule that vouches for it; list it in config.tools.trusted to allow it", [input.facts.name]),
) if {
	input.facts.kind == "other"
	not input.facts.runs_command_line == true
	not input.facts.runs_code == true
	not trusted(input.facts.name)
	not read_only_understood
	not container_line_understood
}

# A command line on a runner nobody vouched for: asked, and the reason says how to vouch.
findings contains lib.finding(
	"core.unknown_tool",
	"ask",
	"defense_evasion",
	"low",
	sprintf(
		"tool \"%s\" runs the command line it is given on a server no operator vouched for as a shell runner; list \"%s\" in config.tools.shell_runners to judge its lines as the Bash tool's",
		[input.facts.name, runner_entry],
	),
) if {
	input.facts.kind == "other"
	input.facts.runs_command_line == true
	not trusted(input.facts.name)
	not vouched_shell_runner
	not read_only_understood
}

runner_entry := input.facts.mcp_server if is_string(input.facts.mcp_server)

else := input.facts.name

# A tool that runs code (facts.runs_code: a notebook cell, run_python_code, a code runner's
# {language, code}, a notebook's stored cells) does what the code does: the code was read as the
# interpreter line that runs it (`python3 -c CODE`), so the bash and effect rules judge it as the
# same code on the Bash tool, and risky code gets the same answer through any runner. Whether
# everyday code (pandas, a plot) may run without a person looking is, as for shell runners, a
# question about the server: only the operator knows that its kernel runs as the client would,
# here and not elsewhere. config.tools.code_runners lists the servers (or tool names; patterns)
# the operator vouches for; code the analysis could not fully read is never vouched for.
vouched_code_runner if {
	input.facts.runs_code == true
	count(input.facts.indeterminate) == 0
	not code_unknown
	some name in runner_names
	code_runner_listed(name)
}

# What the code does was not all seen (a parse error, an unknown magic, a language with no producer).
code_unknown if {
	some e in input.facts.effects
	e.type == "unknown"
}

code_runner_listed(name) if name in data.config.tools.code_runners

code_runner_listed(name) if {
	some g in lib.glob_candidates(data.config.tools.code_runners, [name])
	pattern_entry(g)
	glob.match(g, [], name)
}

findings contains lib.finding(
	"core.unknown_tool",
	"ask",
	"defense_evasion",
	"low",
	sprintf(
		"tool \"%s\" runs %s code on a server no operator vouched for as a code runner; list \"%s\" in config.tools.code_runners to judge its code as the same code run by the Bash tool",
		[input.facts.name, object.get(input.facts, "code_language", "its"), runner_entry],
	),
) if {
	input.facts.kind == "other"
	input.facts.runs_code == true
	not trusted(input.facts.name)
	not vouched_code_runner
}
