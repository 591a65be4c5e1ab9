# Helpers shared by the rules over effects (input.facts.effects): one rule per kind of
# action, whatever spelling or tool produced it (docs/facts.md lists every effect type).
package toolgate.effects

import rego.v1

import data.toolgate.lib

cfg := data.config.effects

# What the call does now. What a written file stores (a Makefile recipe, a CI step: effects
# marked stored) runs later; it is judged apart, by core.stored_code.
effects := [e | some e in object.get(input.facts, "effects", []); not e.stored]

of_type(t) := [e | some e in effects; e.type == t]

# A data source named "file:<path>" as the path facts the lib helpers read.
source_path(source) := p if {
	startswith(source, "file:")
	path := substring(source, 5, -1)
	parts := split(path, "/")
	p := {
		"raw": path,
		"path": path,
		"basename": parts[count(parts) - 1],
		"in_workspace": in_workspace(path),
		"glob": false,
		"dynamic": false,
	}
}

in_workspace(path) := true if {
	some root in lib.workspace_roots
	lib.path_under(path, root)
} else := false

# A source that carries secrets: a credential file or folder, an env file, the whole
# environment, a credential variable, a secret found in the text.
secret_source(s) if s == "env:*"

secret_source(s) if {
	startswith(s, "env:")
	lib.regex_match(data.config.bash.credential_access.secret_variable_pattern, substring(s, 4, -1))
}

secret_source(s) if {
	p := source_path(s)
	lib.credential_path(p)
}

secret_source(s) if {
	p := source_path(s)
	lib.credential_dir(p)
}

secret_source(s) if {
	p := source_path(s)
	lib.env_file(p)
}

# A credential a program printed (`$(gh auth token)`, `aws configure export-credentials | …`).
secret_source(s) if startswith(s, "reveal:")

# A page's own credentials read by a script run in it (cookies, web storage, the credential
# store: src/normalize/tools/code-input.ts).
secret_source(s) if startswith(s, "page:")

secret_source(s) if {
	startswith(s, "secret:")
	type := substring(s, 7, -1)
	type in data.config.secrets.deny_types
}

# Hosts a credential may be sent to (the services the credentials are for; loopback).
allowed_host(host) if lib.glob_any(cfg.secret_hosts, ["."], lower(host))

allowed_send(e) if allowed_host(e.url.host)

allowed_send(e) if e.url.ip_kind == "loopback"

allowed_send(e) if {
	e.url == null
	allowed_host(e.sink)
}
