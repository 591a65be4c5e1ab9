# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.message.exfiltration

import rego.v1

# send_message: {"to":"x","text":"ghp_16C7e42F292c6912E7710c838347Ae178B4a"}
test_secret_message_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"send_message","kind":"message","input":{"to":"x","text":"ghp_16C7e42F292c6912E7710c838347Ae178B4a"},"session_id":"t","agent_id":null},"facts":{"kind":"message","indeterminate":[],"effects":[{"producer":"tool:message","command":null,"type":"send","sink":"x","url":null,"sources":["secret:github_token","message"]}],"to":"x","channel":null,"secrets":[{"type":"github_token","offset":1}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"message.exfiltration.secret_in_message" in rules
}

# send_message: {"to":"x","text":"build passed"}
test_plain_message_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"send_message","kind":"message","input":{"to":"x","text":"build passed"},"session_id":"t","agent_id":null},"facts":{"kind":"message","indeterminate":[],"effects":[{"producer":"tool:message","command":null,"type":"send","sink":"x","url":null,"sources":["message"]}],"to":"x","channel":null,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "message.exfiltration.secret_in_message" in rules
}
