# The session file ledger (src/session/ledger.ts): a call that runs a file this session wrote
# is judged by what the file holds, and a write through a link the session made is judged at
# the link's target. input.session.ledger lists the entries this call touches:
# {path, how: run|write_through_link|send|publish|install, written_at, content_known,
# risk: {d, rules, cats} | null, target?, carries?, sink?, url?, fetched?}.
package toolgate.rules.session.ledger

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib
import data.toolgate.rules.effects.data_exfiltration as exfil

hits := object.get(input.session, "ledger", [])

findings contains lib.finding(
	"session.ledger.run_denied_content",
	"deny",
	category(h.risk),
	"critical",
	sprintf("runs %s, written in this session, whose content would be denied (%s)", [h.path, concat(", ", h.risk.rules)]),
) if {
	some h in hits
	h.how == "run"
	h.risk.d == "deny"
}

findings contains lib.finding(
	"session.ledger.run_asked_content",
	"ask",
	category(h.risk),
	"medium",
	sprintf("runs %s, written in this session, whose content asks (%s)", [h.path, concat(", ", h.risk.rules)]),
) if {
	some h in hits
	h.how == "run"
	h.risk.d == "ask"
}

findings contains lib.finding(
	"session.ledger.run_unseen_content",
	"ask",
	"obfuscation",
	"medium",
	sprintf("runs %s, which this session wrote with content the gateway could not see", [h.path]),
) if {
	some h in hits
	h.how == "run"
	h.risk == null
}

category(risk) := risk.cats[0] if count(risk.cats) > 0

else := "remote_code_exec"

# A write through a link the session made lands on the link's target: judged there.
findings contains lib.finding(
	"session.ledger.write_through_link",
	"deny",
	"persistence",
	"critical",
	sprintf("writes %s, a link this session made to %s", [h.path, h.target.path]),
) if {
	some h in hits
	h.how == "write_through_link"
	sensitive_target(h.target)
}

findings contains lib.finding(
	"session.ledger.write_through_link_outside",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("writes %s, a link this session made to %s, outside the workspace", [h.path, h.target.path]),
) if {
	some h in hits
	h.how == "write_through_link"
	not sensitive_target(h.target)
	not h.target.in_workspace
	not lib.scratch(h.target)
}

sensitive_target(p) if count(lib.sensitive_write_categories(p)) > 0

sensitive_target(p) if lib.credential_path(p)

sensitive_target(p) if lib.path_in_globs(p, data.config.guard.client_settings)

sensitive_target(p) if p.basename in data.config.guard.file_names

# The guard's own files and settings, and the folders that hold them (a link to ~/.claude or to
# the gateway's data folder, then a write under it).
sensitive_target(p) if data.toolgate.rules.guard.self_defence.protected_tree(p)

# A file this session filled with secret material (a credential file copied or printed into it,
# a secret written in its text, a credential variable expanded into it), then sent in a later call
# (an upload, a request body, an MCP tool that sends it, a push of what `git add` staged): judged
# as the same flow in one call is (effects.data_exfiltration.secret_sent). The file itself counts
# as a source too: `git add -f .env` then `git push` publishes the env file.
findings contains lib.finding(
	"session.ledger.sends_secret_material",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("sends %s to %s: it holds %s, put there earlier in this session", [h.path, h.sink, concat(", ", sort(secrets))]),
) if {
	some h in hits
	h.how in {"send", "publish"}
	secrets := {s | some s in h.carries; fx.secret_source(s)}
	count(secrets) > 0
	not exfil.excused({"sink": h.sink, "url": h.url}, secrets)
}

# A file this session downloaded, run in a later call: the same as `curl -o f URL && sh f` in one
# (effects.remote_code_exec.fetched_file).
findings contains lib.finding(
	"session.ledger.run_downloaded",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("runs %s, which this session downloaded from %s", [h.path, h.fetched]),
) if {
	some h in hits
	h.how == "run"
	h.fetched
}

# A package archive this session downloaded, installed in a later call: as an install from an
# address is (its setup code runs, unreviewed).
findings contains lib.finding(
	"session.ledger.install_downloaded",
	"ask",
	"remote_code_exec",
	"high",
	sprintf("installs %s, which this session downloaded (%s)", [h.path, h.fetched]),
) if {
	some h in hits
	h.how == "install"
}
