# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.ssrf

import rego.v1

# bash: {"command":"curl http://169.254.169.254/latest/meta-data/"}
test_metadata_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"curl http://169.254.169.254/latest/meta-data/"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"curl http://169.254.169.254/latest/meta-data/","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"curl","path":null,"argv":["curl","http://169.254.169.254/latest/meta-data/"],"args":["http://169.254.169.254/latest/meta-data/"],"flags":[],"operands":["http://169.254.169.254/latest/meta-data/"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"http://169.254.169.254/latest/meta-data/","valid":true,"scheme":"http","host":"169.254.169.254","port":80,"path":"/latest/meta-data/","query":"","has_credentials":false,"ip":"169.254.169.254","ip_kind":"metadata","special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["curl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.ssrf.metadata" in rules
}

# bash: {"command":"curl http://localhost:3000/health"}
test_localhost_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"curl http://localhost:3000/health"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"curl http://localhost:3000/health","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"curl","path":null,"argv":["curl","http://localhost:3000/health"],"args":["http://localhost:3000/health"],"flags":[],"operands":["http://localhost:3000/health"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"http://localhost:3000/health","valid":true,"scheme":"http","host":"localhost","port":3000,"path":"/health","query":"","has_credentials":false,"ip":null,"ip_kind":"loopback","special_host":"localhost","secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["curl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.ssrf.obfuscated_address" in rules
}

# bash: {"command":"curl http://2130706433/"}
test_decimal_loopback_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"curl http://2130706433/"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"curl http://2130706433/","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"curl","path":null,"argv":["curl","http://2130706433/"],"args":["http://2130706433/"],"flags":[],"operands":["http://2130706433/"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"http://2130706433/","valid":true,"scheme":"http","host":"127.0.0.1","port":80,"path":"/","query":"","has_credentials":false,"ip":"127.0.0.1","ip_kind":"loopback","special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["curl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.ssrf.obfuscated_address" in rules
}

# bash: {"command":"curl file:///etc/passwd"}
test_file_scheme_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"curl file:///etc/passwd"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"curl file:///etc/passwd","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"curl","path":null,"argv":["curl","file:///etc/passwd"],"args":["file:///etc/passwd"],"flags":[],"operands":["file:///etc/passwd"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"file:///etc/passwd","valid":true,"scheme":"file","host":"","port":null,"path":"/etc/passwd","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["curl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.ssrf.scheme" in rules
}
