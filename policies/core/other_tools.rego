# Tools without a normalizer of their own (MCP tools, Glob, Grep…): the generic facts still count.
package toolgate.rules.core.other_tools

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

other if input.facts.kind == "other"

findings contains lib.finding(
	"core.other_tools.credential_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("tool %s is given %s, a credential store", [input.facts.name, p.path]),
) if {
	other
	some p in input.facts.paths
	lib.credential_path(p)
}

# A search or list tool pointed into a credential folder (Grep {path: "~/.ssh"}, Glob
# "~/.aws/*"): it prints what the files hold, as a Read would.
findings contains lib.finding(
	"core.other_tools.credential_dir",
	"deny",
	"credential_access",
	"critical",
	sprintf("tool %s is given %s, inside a credential folder", [input.facts.name, p.path]),
) if {
	other
	some p in input.facts.paths
	in_credential_dir(p)
	not lib.credential_path(p)
	not lib.credential_exception(p)
	not p.basename in data.config.files.credential_dir_harmless
}

in_credential_dir(p) if {
	some d in lib.credential_dirs
	lib.path_under(p.path, d)
}

findings contains lib.finding(
	"core.other_tools.internal_url",
	"deny",
	"ssrf",
	"critical",
	sprintf("tool %s is given %s, a metadata or internal address", [input.facts.name, u.raw]),
) if {
	other
	some u in input.facts.urls
	u.ip_kind in data.config.web.blocked_ip_kinds
}

# A content search over .env files (Grep {glob: "**/.env"}, a search tool pointed at one) prints
# the values they hold, as a Read of the file would: asked as files.credentials.env_file asks
# the Read tool, even for a trusted search tool. Tools that list names (Glob, list_*) read no
# content.
findings contains lib.finding(
	"core.other_tools.env_file",
	"ask",
	"credential_access",
	"medium",
	sprintf("tool %s reads %s, an environment file that usually holds secrets", [input.facts.name, e.path.path]),
) if {
	other
	some e in input.facts.effects
	e.type == "read"
	lib.env_file(e.path)
	not lists_names
}

lists_names if regex.match(`(?i)(^|_)(glob|list|ls|tree|directory_tree|file_search|find_files|search_files)($|_)`, input.facts.name)

lists_names if regex.match(`(?i)^mcp__.+__(list|tree|find|search_files|directory_tree|get_file_info|stat|info)`, input.facts.name)

# Hunting for keys and passwords outside the workspace with a search tool (Grep "PRIVATE KEY"
# over home, a file search for id_rsa): asked as the same grep or find is on the bash tool
# (config.bash.credential_access.search_pattern).
findings contains lib.finding(
	"core.other_tools.credential_search",
	"ask",
	"credential_access",
	"high",
	sprintf("tool %s searches %s for credentials", [input.facts.name, p.path]),
) if {
	other
	input.facts.verb == "read"
	some key in {"pattern", "query", "regex", "q", "search", "name", "glob", "include", "file_pattern"}
	term := input.call.input[key]
	is_string(term)
	lib.regex_match(data.config.bash.credential_access.search_pattern, term)
	some p in input.facts.paths
	not p.in_workspace
	not lib.scratch(p)
}

# A search tool asked for the matching lines themselves (Grep's output_mode "content") over
# files outside the workspace: the matched lines are the secrets.
findings contains lib.finding(
	"core.other_tools.credential_search_prints",
	"deny",
	"credential_access",
	"critical",
	sprintf("tool %s prints lines matching credentials from %s", [input.facts.name, p.path]),
) if {
	other
	input.facts.verb == "read"
	input.call.input.output_mode == "content"
	some key in {"pattern", "query", "regex", "q", "search"}
	term := input.call.input[key]
	is_string(term)
	lib.regex_match(data.config.bash.credential_access.search_pattern, term)
	not contains(term, "BEGIN")
	some p in input.facts.paths
	p.in_home
	not p.in_workspace
	not lib.scratch(p)
}

# Code a tool runs that connects to a metadata or internal address (a page script fetching
# http://169.254.169.254/, a sandbox's requests.get of a loopback service): SSRF as the URL
# given to the tool itself is (internal_url above).
findings contains lib.finding(
	"core.other_tools.internal_connection",
	"deny",
	"ssrf",
	"critical",
	sprintf("tool %s runs code that reaches %s, a metadata or internal address", [input.facts.name, e.url.raw]),
) if {
	other
	some e in input.facts.effects
	e.type in {"connect", "send"}
	not object.get(e, "stored", false)
	is_object(e.url)
	e.url.ip_kind in data.config.web.blocked_ip_kinds
}

# A tool given a local file as a URL (a browser sent to file:///etc/passwd, an upload of
# file://~/.aws/credentials) reads the file and shows or sends it, past the rules on reads
# (DESIGN.md: SSRF, file://, deny), as the fetch tool's scheme rule does. A page of the
# workspace (a built index.html) is a read of the workspace.
findings contains lib.finding(
	"core.other_tools.local_file_url",
	"deny",
	"ssrf",
	"high",
	sprintf("tool %s is given %s, a local file outside the workspace", [input.facts.name, u.raw]),
) if {
	other
	some u in input.facts.urls
	u.scheme in {"file", "view-source", "jar", "netdoc"}
	not fx.in_workspace(u.path)
}

# A secret handed to a tool served by another process (an MCP server: chat, mail, issues,
# gists, remote repositories, memory stores) has left the session whatever the tool says it
# does with it: judged as a message carrying it is (config.message.secret_action; DESIGN.md:
# sending credentials is denied). The file tools served over MCP are the file tools, judged
# by the rules for writes (a secret written into the workspace asks).
findings contains lib.finding(
	"core.other_tools.secret_handed_out",
	data.config.message.secret_action,
	"secret_leak",
	"critical",
	sprintf("tool %s is given a secret (%s)", [input.facts.name, concat(", ", sort(types))]),
) if {
	other
	types := {s.type | some s in lib.real_secrets(input.facts.secrets)}
	count(types) > 0
}
