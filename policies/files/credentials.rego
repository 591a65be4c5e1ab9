# File tools reaching into credential stores.
package toolgate.rules.files.credentials

import rego.v1

import data.toolgate.lib

file_kinds := {"read", "write", "edit"}

# Every path the call touches (a multi-file patch touches several).
touched contains input.facts.path if input.facts.kind in file_kinds

touched contains p if {
	input.facts.kind in file_kinds
	some p in object.get(input.facts, "paths", [])
}

findings contains lib.finding(
	"files.credentials.credential_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s of %s, a credential store", [input.facts.kind, p.path]),
) if {
	some p in touched
	lib.credential_path(p)
}

findings contains lib.finding(
	"files.credentials.credential_dir",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s of %s, inside a credential directory", [input.facts.kind, p.path]),
) if {
	some p in touched
	lib.credential_dir(p)
	not lib.credential_path(p)
	not lib.credential_exception(p)
	not p.basename in data.config.files.credential_dir_harmless
}

# .env files: reading them is often legitimate, but they usually hold secrets.
findings contains lib.finding(
	"files.credentials.env_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s of %s, which usually holds secrets", [input.facts.kind, p.path]),
) if {
	input.facts.kind == "read"
	some p in touched
	lib.env_file(p)
}

# Another process's environment or memory.
findings contains lib.finding(
	"files.credentials.process_environment",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s of %s, a process environment or memory", [input.facts.kind, p.path]),
) if {
	some p in touched
	lib.process_memory_candidate(p)
	lib.regex_match(data.config.bash.credential_access.process_secret_pattern, p.path)
}

# History files hold typed secrets and commands.
findings contains lib.finding(
	"files.credentials.history_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s of %s, a shell history", [input.facts.kind, p.path]),
) if {
	input.facts.kind == "read"
	some p in touched
	lib.path_in_globs(p, data.config.bash.defense_evasion.history_files)
}

findings contains lib.finding(
	"files.credentials.secret_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s of %s, which by its name holds a key or secrets", [input.facts.kind, p.path]),
) if {
	input.facts.kind == "read"
	some p in touched
	lib.secret_file(p)
	not lib.credential_path(p)
}
