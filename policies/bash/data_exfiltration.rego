# Sending credentials, the environment or files to the network.
package toolgate.rules.bash.data_exfiltration

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.data_exfiltration

senders := [c | some c in lib.commands; c.name in data.config.bash.network_tools]

# A source that reads secrets: a credential file or directory, an env file, the environment.
sensitive_source(c) if {
	some p in c.paths
	sensitive_path(p)
}

sensitive_source(c) if {
	some r in c.redirects
	not r.write
	r.path != null
	sensitive_path(r.path)
}

sensitive_source(c) if {
	c.name in cfg.environment_dumpers
	count(c.operands) == 0
}

sensitive_source(c) if {
	c.name in data.config.bash.credential_access.printers
	some a in c.args
	lib.regex_match(data.config.bash.credential_access.secret_variable_pattern, a)
}

sensitive_path(p) if lib.credential_path(p)

sensitive_path(p) if lib.credential_dir(p)

sensitive_path(p) if lib.env_file(p)

sensitive_path(p) if {
	some g in cfg.sensitive_system_files
	p.path == g
}

# Secret data flows into a network tool (cat ~/.aws/credentials | curl -d @- …, curl -d "$(env)").
findings contains lib.finding(
	"bash.data_exfiltration.secret_to_network",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s sends the output of %s, which holds secrets, to the network", [dst.name, src.name]),
) if {
	some dst in senders
	some src in lib.sources(dst)
	sensitive_source(src)
}

# The network tool itself reads the secret (curl -F f=@~/.ssh/id_rsa, scp ~/.aws/credentials host:).
findings contains lib.finding(
	"bash.data_exfiltration.secret_upload",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s sends %s, which holds secrets, to the network", [c.name, p.path]),
) if {
	some c in senders
	some p in upload_paths(c)
	sensitive_path(p)
}

# Paths a network tool reads to send: its path operands and @file data options.
upload_paths(c) := {p | some p in c.paths; not p.raw in identity_files(c)} | {lib.pseudo_path(v) |
	some v in upload_values(c)
	v != "-"
}

# ssh -i key, scp -i key: the key authenticates, it is not sent.
identity_files(c) := lib.option_values(c, {"-i", "--identity", "--identity-file"})

# Archives or copies of home or system locations sent to the network (tar czf - ~ | nc …).
findings contains lib.finding(
	"bash.data_exfiltration.bulk_to_network",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s sends data from %s to the network", [dst.name, p.path]),
) if {
	some dst in senders
	some src in lib.sources(dst)
	src.name in cfg.bulk_readers
	some p in src.paths
	outside_workspace(p)
}

outside_workspace(p) if {
	not p.in_workspace
	not lib.scratch(p)
	not lib.harmless_device(p)
}

# A file upload to a host that is not loopback (curl -T, -F @file, --data-binary @file, wget --post-file).
findings contains lib.finding(
	"bash.data_exfiltration.file_upload",
	"ask",
	"data_exfiltration",
	"medium",
	sprintf("%s uploads %s to %s", [c.name, v, u.host]),
) if {
	some c in senders
	some v in upload_values(c)
	some u in c.urls
	not u.ip_kind in {"loopback"}
}

# The file an upload option sends: "@f", "name=@f;type=x", "f" for -T.
upload_values(c) := {file_of(v) |
	some v in lib.option_values(c, cfg.upload_options)
	upload_value(v)
}

file_of(v) := split(trim_prefix(parts[count(parts) - 1], "@"), ";")[0] if {
	contains(v, "=@")
	parts := split(v, "=@")
}

file_of(v) := split(trim_prefix(v, "@"), ";")[0] if {
	not contains(v, "=@")
	startswith(v, "@")
}

# -T file, --post-file=file, "-" (stdin)
file_of(v) := v if {
	not contains(v, "@")
}

# --data-urlencode name@file
file_of(v) := split(substring(v, indexof(v, "@") + 1, -1), ";")[0] if {
	not contains(v, "=@")
	not startswith(v, "@")
	lib.regex_match(`^[A-Za-z0-9_.-]+@[/~.]`, v)
}

upload_value(v) if startswith(v, "@")

upload_value(v) if lib.regex_match(`^[^=]+=@`, v)

upload_value(v) if lib.regex_match(`^[A-Za-z0-9_.-]+@[/~.]`, v)

upload_value(v) if v == "-"

upload_value(v) if {
	not startswith(v, "@")
	not contains(v, "=")
	not startswith(v, "{")
	lib.only_chars(v, lib.word_path_chars)
	some ch in [".", "/"]
	contains(v, ch)
}

# Requests to known paste, webhook and tunnel collectors.
findings contains lib.finding(
	"bash.data_exfiltration.collector_host",
	"ask",
	"data_exfiltration",
	"high",
	sprintf("%s talks to %s, a paste/webhook collector", [c.name, u.host]),
) if {
	some c in senders
	some u in c.urls
	collector(u.host)
}

collector(host) if lib.glob_any(cfg.collector_hosts, ["."], host)

# A command substitution inside a network tool's arguments or a DNS lookup (curl x/?d=$(whoami), dig $(…).evil).
findings contains lib.finding(
	"bash.data_exfiltration.substitution_to_network",
	"ask",
	"data_exfiltration",
	"high",
	sprintf("%s sends the output of %s to the network", [dst.name, src.name]),
) if {
	some dst in senders
	some f in input.facts.flows
	f.to == dst.id
	f.kind == "command_substitution"
	src := lib.command_by_id[f.from]
	not harmless_output(src)
}

# A substitution's output is harmless when every stage of its pipeline is: a harmless
# producer, or a filter that reads no file of its own and so passes on what the stage before
# gives it (`gh pr checks … | grep -o '[0-9]*$'` is harmless, `hostname | tr -d '\n'` is not).
harmless_output(c) if {
	every d in pipeline_stages(c) {
		harmless_stage(d)
	}
}

pipeline_stages(c) := [c] if c.pipeline == null

pipeline_stages(c) := [d |
	some d in lib.commands
	d.pipeline == c.pipeline
	d.parent == c.parent
] if c.pipeline != null

harmless_stage(d) if {
	d.name in cfg.harmless_substitutions
	not d.name in cfg.stream_filters
}

# A harmless producer that reads its own operand first in the pipeline (`jq -r .version package.json`).
harmless_stage(d) if {
	d.name in cfg.harmless_substitutions
	not piped_into(d)
}

harmless_stage(d) if stream_filter(d)

piped_into(d) if {
	some f in input.facts.flows
	f.to == d.id
	f.kind == "pipe"
}

# A filter reading a file is not passing anything on: `head -3 < /etc/passwd`.
stream_filter(c) if {
	c.name in cfg.stream_filters
	count(c.paths) == 0
	not reads_redirect(c)
}

reads_redirect(c) if {
	some r in c.redirects
	not r.write
}

# Mail with an attachment or piped body.
findings contains lib.finding(
	"bash.data_exfiltration.mail_attachment",
	"ask",
	"data_exfiltration",
	"medium",
	sprintf("%s sends files or command output by mail", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.mailers
	mail_payload(c)
}

mail_payload(c) if {
	some f in cfg.mail_attach_flags
	lib.has_flag(c, f)
}

mail_payload(c) if count(lib.sources(c)) > 0

# Inline code that reads the whole environment and talks to the network
# (requests.post(…, data=dict(os.environ)), fetch(…, {body: JSON.stringify(process.env)})).
findings contains lib.finding(
	"bash.data_exfiltration.inline_environment",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("inline %s code sends the environment to the network", [c.inline_code.language]),
) if {
	some c in lib.commands
	c.inline_code != null
	lib.regex_match(cfg.inline_environment_pattern, c.inline_code.code)
	inline_network(c.inline_code)
}

inline_network(code) if count(code.urls) > 0

inline_network(code) if lib.regex_match(cfg.inline_network_pattern, code.code)

# Serving a directory outside the workspace over HTTP (python3 -m http.server --directory ~).
findings contains lib.finding(
	"bash.data_exfiltration.serve_directory",
	"ask",
	"data_exfiltration",
	"high",
	sprintf("%s serves %s over the network", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in data.config.bash.interpreters
	"http.server" in c.args
	some v in lib.option_values(c, {"--directory", "-d"})
	some p in c.paths
	p.raw == v
	not p.in_workspace
}

# Serving the home folder or the root over the network hands out every key and credential
# file under it to whoever connects (`python3 -m http.server --directory ~`).
findings contains lib.finding(
	"bash.data_exfiltration.serve_credentials",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s serves %s, which holds the credential files, over the network", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in data.config.bash.interpreters
	"http.server" in c.args
	some v in lib.option_values(c, {"--directory", "-d"})
	some p in c.paths
	p.raw == v
	serves_credentials(p)
}

serves_credentials(p) if p.is_home

serves_credentials(p) if p.is_root

serves_credentials(p) if lib.credential_dir(p)

