# Reading credential stores from the shell.
package toolgate.rules.bash.credential_access

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.credential_access

# Commands that only use a key without exposing it (ssh -i, chmod 600).
key_user(c) if c.name in cfg.key_users

findings contains lib.finding(
	"bash.credential_access.credential_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s touches %s, a credential store", [c.name, p.path]),
) if {
	some c in lib.commands
	not key_user(c)
	some p in c.paths
	lib.credential_path(p)
}

# Inline interpreter code that opens a credential file (python -c "open('~/.ssh/id_rsa')").
findings contains lib.finding(
	"bash.credential_access.inline_code_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("inline %s code reads %s, a credential store", [c.inline_code.language, p.path]),
) if {
	some c in lib.commands
	c.inline_code != null
	some p in c.inline_code.paths
	credential_like(p)
}

credential_like(p) if lib.credential_path(p)

credential_like(p) if lib.credential_dir(p)

findings contains lib.finding(
	"bash.credential_access.credential_redirect",
	"deny",
	"credential_access",
	"critical",
	sprintf("redirection reads %s, a credential store", [r.path.path]),
) if {
	some c in lib.commands
	some r in c.redirects
	r.path != null
	lib.credential_path(r.path)
}

# Bulk reading of a credential directory (tar ~/.ssh, cp -r ~/.aws, zip ~/.gnupg).
findings contains lib.finding(
	"bash.credential_access.credential_dir",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s reads the credential directory %s", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.bulk_readers
	some p in c.paths
	lib.credential_dir(p)
}

# Reading a .env file: often secrets, often legitimate.
findings contains lib.finding(
	"bash.credential_access.env_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s reads %s, which usually holds secrets", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.file_readers
	some p in c.paths
	lib.env_file(p)
	not p in lib.write_targets(c)
}

findings contains lib.finding(
	"bash.credential_access.env_file_redirect",
	"ask",
	"credential_access",
	"medium",
	sprintf("redirection reads %s, which usually holds secrets", [r.path.path]),
) if {
	some c in lib.commands
	some r in c.redirects
	not r.write
	r.path != null
	lib.env_file(r.path)
}

# Commands that print stored secrets: keychains, password managers, token helpers.
specs := lib.index_specs(cfg.secret_commands)

findings contains lib.finding(
	"bash.credential_access.secret_command",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s prints stored credentials", [concat(" ", array.concat([c.name], object.get(s, "args_all", [])))]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
	s := pair[1]
	s.action == "deny"
}

findings contains lib.finding(
	"bash.credential_access.token_command",
	"ask",
	"credential_access",
	"high",
	sprintf("%s prints an access token or secret", [concat(" ", array.concat([c.name], object.get(s, "args_all", [])))]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
	s := pair[1]
	s.action == "ask"
	not handed_to_login(c)
}

# The token goes straight into a login that reads it from stdin (aws ecr get-login-password |
# docker login --password-stdin): it is used, not shown.
handed_to_login(c) if {
	some dst in lib.commands
	lib.feeds(c, dst)
	"--password-stdin" in dst.args
}

# Known credential dumping tools.
findings contains lib.finding(
	"bash.credential_access.dumping_tool",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s is a credential dumping tool", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.dumping_tools
}

# Hunting for keys and passwords across home or the system (find / -name id_rsa, grep -r password ~).
findings contains lib.finding(
	"bash.credential_access.credential_search",
	"ask",
	"credential_access",
	"high",
	sprintf("%s searches outside the workspace for credentials", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.searchers
	some p in c.paths
	not p.in_workspace
	not lib.scratch(p)
	some a in c.args
	lib.regex_match(cfg.search_pattern, a)
}

# The same search over home printing the lines it matches (grep -rn aws_secret_access_key ~): the
# matched lines are the secrets, so the search is the reading of them.
findings contains lib.finding(
	"bash.credential_access.credential_search_prints",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s prints lines matching credentials from outside the workspace", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.searchers
	c.name in cfg.line_printing_searchers
	not names_only(c)
	some p in c.paths
	home_files(p)
	some a in c.args
	lib.regex_match(cfg.search_pattern, a)
	not contains(a, "BEGIN")
}

# Home and what it holds, outside the workspace: where logins and keys are kept. (A search of
# /etc for "password" prints PAM lines, and one for a PEM header prints the header alone.)
home_files(p) if {
	p.is_home
}

home_files(p) if {
	p.in_home
	not p.in_workspace
	not lib.scratch(p)
}

names_only(c) if {
	some f in cfg.names_only_flags
	lib.has_flag(c, f)
}

# The files a credential search finds, then read or sent (grep -rl 'PRIVATE KEY' ~ | xargs cat,
# find ~ -name '*.pem' | xargs tar cz | curl …): the search has become the reading of the keys
# (DESIGN.md: reading credentials is denied).
findings contains lib.finding(
	"bash.credential_access.found_credentials_read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s finds credential files outside the workspace and %s reads what it found", [c.name, reader.name]),
) if {
	some c in lib.commands
	c.name in cfg.searchers
	some p in c.paths
	not p.in_workspace
	not lib.scratch(p)
	some a in c.args
	lib.regex_match(cfg.search_pattern, a)
	some dst in lib.commands
	lib.feeds(c, dst)
	dst.name in {"xargs", "parallel"}
	some reader in lib.commands
	reader.parent == dst.id
	reader.name in cfg.found_readers
}

# Printing a secret-looking environment variable ($AWS_SECRET_ACCESS_KEY, $GITHUB_TOKEN).
findings contains lib.finding(
	"bash.credential_access.secret_variable",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s prints the secret variable in %s", [c.name, a]),
) if {
	some c in lib.commands
	c.name in cfg.printers
	some a in c.args
	names_variable(c, a)
	lib.regex_match(cfg.secret_variable_pattern, a)
}

names_variable(_, a) if contains(a, "$")

names_variable(c, _) if c.name == "printenv"

# /proc/<pid>/environ and the like: another process's environment.
findings contains lib.finding(
	"bash.credential_access.process_environment",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s reads %s, a process environment or memory", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in array.concat(c.paths, [r.path | some r in c.redirects; not r.write; r.path != null])
	lib.process_memory_candidate(p)
	lib.regex_match(cfg.process_secret_pattern, p.path)
}


# Shell and REPL histories hold typed passwords and tokens (matched by file name: cheap, and
# a history file anywhere outside the workspace counts).
history_names := {name |
	some g in data.config.bash.defense_evasion.history_files
	parts := split(g, "/")
	name := parts[count(parts) - 1]
}

findings contains lib.finding(
	"bash.credential_access.history_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s reads %s, a shell history", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.file_readers
	some p in c.paths
	p.basename in history_names
	not p.in_workspace
}

findings contains lib.finding(
	"bash.credential_access.secret_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s reads %s, which by its name holds a key or secrets", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.file_readers
	some p in c.paths
	lib.secret_file(p)
	not lib.credential_path(p)
	not p in lib.write_targets(c)
}
