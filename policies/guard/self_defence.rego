# The guard guards itself: whatever would disable, reconfigure or bypass toolgate is denied,
# through any tool and any spelling. Six doors, one rule group each:
#   - the clients' hook and plugin settings (Claude Code, OpenClaw, MCP client configs);
#   - the gateway's own files (database and its -wal/-shm, data folder, policy folders, bundle);
#   - toolgate's admin commands (tokens, approvals, install/uninstall, policy, audit prune);
#   - the gateway's HTTP routes called from inside the agent;
#   - signals to the gateway process (by name, port or pid);
#   - the gateway token and admin secret (environment variables and files).
# Where the gateway lives (its data folder, database, policy folders, port, pid) is not known
# when the policy is written: the gateway puts it in data.config.guard.gateway when it loads a
# policy (src/policy/engine.ts runtime data, filled by src/gateway.ts), so these rules are right
# wherever it is installed. The rest (client settings paths, command names) is data too.
package toolgate.rules.guard.self_defence

import rego.v1

import data.toolgate.lib

cfg := data.config.guard

gw := object.get(cfg, "gateway", {})

# The gateway may also describe its files in input.context.gateway (database, data_dir,
# admin_secret, policy_dirs, bundle_dir); both descriptions count.
cg := g if {
	g := input.context.gateway
	is_object(g)
} else := {}

context_files := [f | some k in ["database", "admin_secret", "bundle_dir"]; f := object.get(cg, k, null); is_string(f)]

context_database_files := [concat("", [db, suffix]) |
	db := object.get(cg, "database", null)
	is_string(db)
	some suffix in ["-wal", "-shm", "-journal"]
]

context_policy_dirs := [d | some d in object.get(cg, "policy_dirs", []); is_string(d)]

gateway_paths := array.concat(
	object.get(gw, "paths", []),
	array.concat(context_files, array.concat(context_database_files, context_policy_dirs)),
)

context_data_dirs := [d | d := object.get(cg, "data_dir", null); is_string(d)]

data_dirs := array.concat(object.get(gw, "data_dirs", []), context_data_dirs)

context_secrets := [f | f := object.get(cg, "admin_secret", null); is_string(f)]

secret_paths := array.concat(object.get(gw, "secret_paths", []), context_secrets)

port_numbers := {p | some p in object.get(gw, "ports", [])}

ports := {sprintf("%v", [p]) | some p in port_numbers}

pids := {sprintf("%v", [p]) | some p in object.get(gw, "pids", [])}

gateway_hosts := {lower(h) | some h in object.get(gw, "hosts", [])}

# ---------------------------------------------------------------- what is protected

# One of the gateway's own files: under its data folder, its database, its policy folders.
gateway_file(p) if {
	some g in gateway_paths
	lib.path_under(p.path, g)
}

# The database by its name, wherever it is (a second gateway, a copy the operator moved), in any case.
gateway_file(p) if lower(p.basename) in cfg.file_names

gateway_file(p) if {
	folded := lower(p.path)
	folded != p.path
	some g in gateway_paths
	lib.path_under(folded, lower(g))
}

# A folder that holds gateway files: deleting or moving it takes them along.
gateway_parent(p) if {
	some g in gateway_paths
	lib.path_under(g, p.path)
	p.path != g
}

client_settings(p) if lib.path_in_globs(p, cfg.client_settings)

# On a case-insensitive file system (macOS, Windows) .Claude/Settings.json is the same file.
client_settings(p) if {
	folded := lower(p.path)
	folded != p.path
	some suffix in cfg.case_folded.settings_suffixes
	endswith(folded, suffix)
}

client_settings_dir(p) if lib.path_in_globs(p, cfg.client_settings_dirs)

client_settings_dir(p) if {
	folded := lower(trim_suffix(p.path, "/"))
	folded != p.path
	some suffix in cfg.case_folded.dir_suffixes
	endswith(folded, suffix)
}

# How the gateway is kept running (a systemd unit, a launchd plist, an init script): editing or
# removing it stops the guard at the next restart.
service_file(p) if lib.path_in_globs(p, cfg.service_files)

# Holds the gateway token or the admin secret: the secret files the gateway named, and the
# token files of data.
secret_file(p) if p.path in secret_paths

secret_file(p) if lib.path_in_globs(p, cfg.token_files)

# The gateway's data folder: reading through it (grep -r, a search tool) reads the secret.
# (The gateway names it only when it is a folder of its own, not /tmp or home.)
secret_dir(p) if p.path in data_dirs

protected_file(p) if gateway_file(p)

protected_file(p) if client_settings(p)

protected_file(p) if secret_file(p)

protected_file(p) if service_file(p)

# A glob whose folder is one of the guard's (rm ~/.claude/*, rm ~/.claude/settings.js[o]n, rm
# /srv/toolgate/*): it may expand to the guard's files.
protected_file(p) if {
	p.glob
	parts := split(p.path, "/")
	globbed := [i | some i, part in parts; regex.match(`[*?\[]`, part)]
	count(globbed) > 0
	dir := concat("/", array.slice(parts, 0, min(globbed)))
	glob_folder(object.union(p, {"path": dir, "glob": false}))
}

glob_folder(q) if gateway_file(q)

glob_folder(q) if gateway_parent(q)

glob_folder(q) if client_settings_dir(q)

glob_folder(q) if client_settings(q)

# What a delete or a move may take along: the protected files and the folders that hold them.
protected_tree(p) if protected_file(p)

protected_tree(p) if gateway_parent(p)

protected_tree(p) if client_settings_dir(p)

# ---------------------------------------------------------------- how bash touches a path

# A command that only reads or lists what it is given (its write redirections count apart).
reader(c) if {
	c.name in cfg.readers
	not unsafe_reader_args(c)
}

reader(c) if {
	some s in cfg.reader_specs
	s.command == c.name
	lib.spec_matches(c, s)
}

unsafe_reader_args(c) if {
	some a in c.args
	a in cfg.reader_unsafe_args
}

# cp/rsync/scp read every operand but the last (write_targets has the destination).
copied_from(c, p) if {
	c.name in cfg.copiers
	n := count(c.operands)
	p.raw != c.operands[n - 1]
}

removers := {n | some n in data.config.bash.destructive_fs.deleters} | {n | some n in data.config.bash.destructive_fs.movers} | {n | some n in data.config.bash.destructive_fs.shredders}

# ---------------------------------------------------------------- settings and files

findings contains lib.finding(
	"guard.self_defence.protected_write",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s of %s would change the guard itself (%s)", [input.facts.kind, p.path, what(p)]),
) if {
	input.facts.kind in {"write", "edit"}
	some p in file_targets
	protected_file(p)
}

file_targets contains input.facts.path

file_targets contains p if {
	input.facts.kind in {"write", "edit"}
	some p in object.get(input.facts, "paths", [])
}

findings contains lib.finding(
	"guard.self_defence.protected_write",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s writes %s, which would change the guard itself (%s)", [c.name, p.path, what(p)]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	protected_file(p)
}

# Writing into a guard folder as a whole (tar -x -C ~/.claude, unzip -d, cp -r into it).
findings contains lib.finding(
	"guard.self_defence.protected_write",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s writes into %s, the guard's own folder", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	guard_folder(p)
}

guard_folder(p) if client_settings_dir(p)

guard_folder(p) if p.path in data_dirs

guard_folder(p) if {
	some d in context_policy_dirs
	p.path == d
}

# Commands that change a whole tree's permissions, owner or what is mounted there.
findings contains lib.finding(
	"guard.self_defence.protected_change",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s %s would change the guard's files or settings with it", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.tree_changers
	some p in c.paths
	protected_tree(p)
	not protected_file(p)
}

# An argument that names one of the guard's files without being a path the analysis resolved
# (sqlite3 'file:/…/toolgate.db?mode=rw', --db=/…/toolgate.db).
findings contains lib.finding(
	"guard.self_defence.protected_change",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s is given %s, which names the guard's file %s", [c.name, a, g]),
) if {
	some c in lib.commands
	not reader(c)
	resolved := {p.raw | some p in c.paths}
	some a in c.args
	not a in resolved
	some g in gateway_paths
	contains(a, g)
}

findings contains lib.finding(
	"guard.self_defence.protected_change",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s is given %s and is not a plain reader: it could change the guard itself (%s)", [c.name, p.path, what(p)]),
) if {
	some c in lib.commands
	not reader(c)
	some p in c.paths
	protected_file(p)
	not copied_from(c, p)
}

findings contains lib.finding(
	"guard.self_defence.protected_delete",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s %s would remove the guard's settings or files with it", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in removers
	some p in c.paths
	protected_tree(p)
	not protected_file(p)
}

# A link onto the guard's files, settings or the folders that hold them: a later write through
# the link (or under it) would land there, and a link may outlive what this session remembers.
findings contains lib.finding(
	"guard.self_defence.link_to_guard",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("ln makes a link to %s: writes through it would change the guard itself", [p.path]),
) if {
	some c in lib.commands
	c.name in cfg.linkers
	n := count(c.operands)
	n >= 2
	some p in c.paths
	p.raw != c.operands[n - 1]
	protected_tree(p)
}

# Code handed to an interpreter that names the guard's files or settings: it cannot be told
# whether the code reads or writes them.
findings contains lib.finding(
	"guard.self_defence.code_touches_guard",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s code names %s, one of the guard's files or settings", [c.name, p.path]),
) if {
	some c in lib.commands
	c.inline_code != null
	some p in c.inline_code.paths
	protected_file(p)
}

findings contains lib.finding(
	"guard.self_defence.code_touches_guard",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s code names %s, the guard's settings or files", [c.name, m]),
) if {
	some c in lib.commands
	c.inline_code != null
	some m in guard_mentions
	contains(c.inline_code.code, m)
}

guard_mentions := array.concat(array.concat(cfg.settings_mentions, cfg.file_names), gateway_paths)

# Tools of other kinds (MCP filesystem servers...) given a protected path. Search and list
# tools only read: for them, only the secrets count.
findings contains lib.finding(
	"guard.self_defence.tool_touches_guard",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("tool %s is given %s, which belongs to the guard (%s)", [input.facts.name, p.path, what(p)]),
) if {
	input.facts.kind == "other"
	not input.facts.name in cfg.search_tools
	some p in input.facts.paths
	protected_tree(p)
}

# Clients' own commands that turn the plugin off or rewrite the settings.
findings contains lib.finding(
	"guard.self_defence.client_reconfigure",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s %s reconfigures the client's plugins or hooks", [c.name, concat(" ", c.args)]),
) if {
	some c in lib.commands
	some s in cfg.client_commands
	s.command == c.name
	lib.spec_matches(c, s)
}

what(p) := "the gateway's data or policy" if gateway_file(p)

else := "the client's hook or plugin settings" if client_settings(p)

else := "the gateway's service definition" if service_file(p)

else := "the gateway's token or admin secret"

# ---------------------------------------------------------------- admin commands

# `toolgate <sub>`, `npx toolgate <sub>`, `node …/bin/toolgate.js <sub>`: the words after it.
cli_calls contains [c, c.operands] if {
	some c in lib.commands
	c.name in cfg.cli.names
}

cli_calls contains [c, rest] if {
	some c in lib.commands
	c.name in cfg.cli.runners
	some i, o in c.operands
	cli_operand(o)
	rest := array.slice(c.operands, i + 1, count(c.operands))
}

# A path or package spec naming the CLI: toolgate, toolgate@1.2, @scope/toolgate, bin/toolgate.js.
cli_operand(o) if {
	parts := split(o, "/")
	last := parts[count(parts) - 1]
	split(last, "@")[0] in cfg.cli.names
}

findings contains lib.finding(
	"guard.self_defence.admin_command",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("toolgate %s is an operator's command (tokens, approvals, install, policy, audit prune)", [concat(" ", spec)]),
) if {
	some call in cli_calls
	rest := call[1]
	some spec in cfg.cli.admin
	spec[0] in rest
	admin_second(spec, rest)
}

admin_second(spec, _) if count(spec) == 1

admin_second(spec, rest) if spec[1] in rest

# Removing the guard's package (npm uninstall toolgate, pnpm rm @scope/toolgate-openclaw …).
findings contains lib.finding(
	"guard.self_defence.uninstall",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s %s removes the guard's package", [c.name, concat(" ", c.args)]),
) if {
	some c in lib.commands
	some s in cfg.package_removal
	s.command == c.name
	lib.spec_matches(c, s)
	some o in c.operands
	guard_package(o)
}

guard_package(o) if cli_operand(o)

guard_package(o) if {
	parts := split(o, "/")
	name := split(parts[count(parts) - 1], "@")[0]
	startswith(name, "toolgate-")
}

# ---------------------------------------------------------------- the adapters' settings

# The variables the client adapters read (fail mode, gateway URL, timeouts, token): set where a
# client would read them (a command's environment, an exported variable, a file that a shell,
# direnv or the session manager loads), a nested client could fail open or ask no gateway.
findings contains lib.finding(
	"guard.self_defence.adapter_setting",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s sets %s, which the guard's client adapters read", [c.name, v]),
) if {
	some c in lib.commands
	some v in cfg.adapter_env
	adapter_var_set(c, v)
}

adapter_var_set(c, v) if is_string(c.assignments[v])

adapter_var_set(c, v) if {
	c.name in cfg.env_setters
	some a in c.args
	adapter_arg(a, v)
}

adapter_arg(a, v) if a == v

adapter_arg(a, v) if startswith(a, concat("", [v, "="]))

findings contains lib.finding(
	"guard.self_defence.adapter_setting",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("the content written to %s sets %s, which the guard's client adapters read", [e.path.path, v]),
) if {
	some e in object.get(input.facts, "effects", [])
	e.type == "write"
	is_string(e.content)
	some v in cfg.adapter_env
	contains(e.content, v)
	regex.match(sprintf("(^|[^A-Za-z0-9_])%s\\s*=", [v]), e.content)
}

# ---------------------------------------------------------------- the gateway's routes

gateway_url(u) if {
	u.port in port_numbers
	u.ip_kind in cfg.loopback_ip_kinds
}

gateway_url(u) if {
	u.port in port_numbers
	lower(u.host) in gateway_hosts
}

call_urls contains u if {
	some c in lib.commands
	some u in c.urls
}

call_urls contains u if {
	some c in lib.commands
	c.inline_code != null
	some u in c.inline_code.urls
}

call_urls contains input.facts.url if input.facts.kind == "web_fetch"

call_urls contains u if {
	input.facts.kind == "other"
	some u in input.facts.urls
}

findings contains lib.finding(
	"guard.self_defence.gateway_route",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s is the guard's own API: the agent may not call it", [u.raw]),
) if {
	some u in call_urls
	gateway_url(u)
}

# host:port forms that are not URLs (nc localhost 8787, curl 127.1:8787, /dev/tcp/…/8787, a
# port in code): a network client naming the gateway's port.
findings contains lib.finding(
	"guard.self_defence.gateway_route",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s names port %s, the guard's own API: the agent may not call it", [c.name, port]),
) if {
	some c in lib.commands
	c.name in cfg.network_clients
	some text in command_texts(c)
	some port in ports
	port_token(text, port)
}

findings contains lib.finding(
	"guard.self_defence.gateway_route",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s opens %s, the guard's own port", [c.name, r.target]),
) if {
	some c in lib.commands
	some r in c.redirects
	startswith(r.target, "/dev/")
	some port in ports
	port_token(r.target, port)
}

# The arguments of a command and its inline code.
command_texts(c) := array.concat(c.args, [c.inline_code.code]) if c.inline_code != null

else := c.args

port_token(text, port) if {
	contains(text, port)
	regex.match(sprintf("(^|[^0-9])%s([^0-9]|$)", [port]), text)
}

# ---------------------------------------------------------------- signals

signallers contains c if {
	some c in lib.commands
	some s in cfg.signal_specs
	s.command == c.name
	lib.spec_matches(c, s)
	not probe_only(c)
}

# Signal 0 only asks whether a process exists (pkill -0 node, kill -0 $pid).
probe_only(c) if {
	some a in c.args
	a in cfg.probe_signals
}

findings contains lib.finding(
	"guard.self_defence.signal_gateway",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s with %s would stop the guard's process", [s.name, why]),
) if {
	some s in signallers
	some why in gateway_named
}

# Anything in the call that points at the gateway process: its name, its port, its pid.
gateway_named contains sprintf("%s (the gateway's name)", [a]) if {
	some c in lib.commands
	some a in command_texts(c)
	some n in cfg.process_names
	contains(lower(a), n)
}

gateway_named contains sprintf("port %s", [port]) if {
	some c in lib.commands
	some a in command_texts(c)
	some port in ports
	port_token(a, port)
}

# A pkill -f / pgrep -f pattern (a regular expression over command lines) that matches the
# gateway's own command line, as the gateway states it (data.config.guard.gateway.cmdline).
gateway_named contains sprintf("the pattern %s, which matches the gateway's command line", [pattern]) if {
	cmdline := object.get(gw, "cmdline", "")
	cmdline != ""
	some c in lib.commands
	c.name in cfg.process_matchers
	"f" in c.flags
	some pattern in c.operands
	regex.match(pattern, cmdline)
}

gateway_named contains sprintf("pid %s", [a]) if {
	some c in lib.commands
	some a in c.args
	a in pids
}

findings contains lib.finding(
	"guard.self_defence.signal_runtime",
	"ask",
	"defense_evasion",
	"high",
	sprintf("%s %s would also stop the guard, which runs on %s", [s.name, a, a]),
) if {
	some s in signallers
	some a in s.args
	a in cfg.generic_process_names
}

# ---------------------------------------------------------------- the token and the admin secret

findings contains lib.finding(
	"guard.self_defence.token_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s reads %s, the guard's token or secret", [c.name, v]),
) if {
	some c in lib.commands
	some v in c.env_vars
	v in cfg.secret_env
}

findings contains lib.finding(
	"guard.self_defence.token_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s names %s, the guard's token or secret", [c.name, v]),
) if {
	some c in lib.commands
	env_reader(c)
	some text in command_texts(c)
	some v in cfg.secret_env
	contains(text, v)
}

findings contains lib.finding(
	"guard.self_defence.secret_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s reads %s, the guard's token or admin secret", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in command_paths(c)
	secret_read(c, p)
}

# Commands that print variables they are named (printenv NAME), and code, which may read any.
env_reader(c) if c.name in cfg.env_readers

env_reader(c) if c.inline_code != null

# `env | grep TOOLGATE_TOKEN`: a filter fed by a command that prints the environment.
env_reader(c) if {
	some a in lib.sources(c)
	a.name in cfg.env_readers
}

command_paths(c) := array.concat(c.paths, [r.path | some r in c.redirects; not r.write; r.path != null])

secret_read(_, p) if secret_file(p)

secret_read(c, p) if {
	secret_dir(p)
	not c.name in cfg.metadata_commands
}

findings contains lib.finding(
	"guard.self_defence.secret_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s of %s, the guard's token or admin secret", [input.facts.kind, p.path]),
) if {
	input.facts.kind == "read"
	some p in array.concat([input.facts.path], object.get(input.facts, "paths", []))
	secret_file(p)
}

findings contains lib.finding(
	"guard.self_defence.secret_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("tool %s is given %s, which holds the guard's token or admin secret", [input.facts.name, p.path]),
) if {
	input.facts.kind == "other"
	some p in input.facts.paths
	secret_or_dir(p)
}

secret_or_dir(p) if secret_file(p)

secret_or_dir(p) if secret_dir(p)
