# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.web.ssrf

import rego.v1

# WebFetch: {"url":"http://169.254.169.254/"}
test_metadata_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"WebFetch","kind":"web_fetch","input":{"url":"http://169.254.169.254/"},"session_id":"t","agent_id":null},"facts":{"kind":"web_fetch","indeterminate":[],"effects":[{"producer":"tool:web_fetch","command":null,"type":"connect","host":"169.254.169.254","port":80,"url":{"raw":"http://169.254.169.254/","valid":true,"scheme":"http","host":"169.254.169.254","port":80,"path":"/","query":"","has_credentials":false,"ip":"169.254.169.254","ip_kind":"metadata","special_host":null,"secret_params":[]},"listen":false,"shell":false}],"url":{"raw":"http://169.254.169.254/","valid":true,"scheme":"http","host":"169.254.169.254","port":80,"path":"/","query":"","has_credentials":false,"ip":"169.254.169.254","ip_kind":"metadata","special_host":null,"secret_params":[]},"method":"GET","secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"web.ssrf.internal_address" in rules
}

# WebFetch: {"url":"http://0x7f000001/"}
test_hex_loopback_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"WebFetch","kind":"web_fetch","input":{"url":"http://0x7f000001/"},"session_id":"t","agent_id":null},"facts":{"kind":"web_fetch","indeterminate":[],"effects":[{"producer":"tool:web_fetch","command":null,"type":"connect","host":"127.0.0.1","port":80,"url":{"raw":"http://0x7f000001/","valid":true,"scheme":"http","host":"127.0.0.1","port":80,"path":"/","query":"","has_credentials":false,"ip":"127.0.0.1","ip_kind":"loopback","special_host":null,"secret_params":[]},"listen":false,"shell":false}],"url":{"raw":"http://0x7f000001/","valid":true,"scheme":"http","host":"127.0.0.1","port":80,"path":"/","query":"","has_credentials":false,"ip":"127.0.0.1","ip_kind":"loopback","special_host":null,"secret_params":[]},"method":"GET","secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"web.ssrf.internal_address" in rules
}

# WebFetch: {"url":"https://example.com/"}
test_public_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"WebFetch","kind":"web_fetch","input":{"url":"https://example.com/"},"session_id":"t","agent_id":null},"facts":{"kind":"web_fetch","indeterminate":[],"effects":[{"producer":"tool:web_fetch","command":null,"type":"connect","host":"example.com","port":443,"url":{"raw":"https://example.com/","valid":true,"scheme":"https","host":"example.com","port":443,"path":"/","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]},"listen":false,"shell":false}],"url":{"raw":"https://example.com/","valid":true,"scheme":"https","host":"example.com","port":443,"path":"/","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]},"method":"GET","secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "web.ssrf.internal_address" in rules
}

# WebFetch: {"url":"file:///etc/passwd"}
test_file_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"WebFetch","kind":"web_fetch","input":{"url":"file:///etc/passwd"},"session_id":"t","agent_id":null},"facts":{"kind":"web_fetch","indeterminate":[],"effects":[{"producer":"tool:web_fetch","command":null,"type":"connect","host":"","port":null,"url":{"raw":"file:///etc/passwd","valid":true,"scheme":"file","host":"","port":null,"path":"/etc/passwd","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]},"listen":false,"shell":false}],"url":{"raw":"file:///etc/passwd","valid":true,"scheme":"file","host":"","port":null,"path":"/etc/passwd","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]},"method":"GET","secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"web.ssrf.scheme" in rules
}
