# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.system_config

import rego.v1

# bash: {"command":"echo \"1.2.3.4 x\" >> /etc/hosts"}
test_hosts_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo \"1.2.3.4 x\" >> /etc/hosts"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo \"1.2.3.4 x\" >> /etc/hosts","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","1.2.3.4 x"],"args":["1.2.3.4 x"],"flags":[],"operands":["1.2.3.4 x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">>","fd":null,"target":"/etc/hosts","path":{"raw":"/etc/hosts","path":"/etc/hosts","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"hosts"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.system_config.critical_file" in rules
}

# bash: {"command":"sysctl -w net.ipv4.ip_forward=1"}
test_sysctl_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"sysctl -w net.ipv4.ip_forward=1"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"sysctl -w net.ipv4.ip_forward=1","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"sysctl","path":null,"argv":["sysctl","-w","net.ipv4.ip_forward=1"],"args":["-w","net.ipv4.ip_forward=1"],"flags":["w"],"operands":["net.ipv4.ip_forward=1"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["sysctl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.system_config.system_command" in rules
}

# bash: {"command":"echo x > notes.txt"}
test_workspace_write_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo x > notes.txt"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo x > notes.txt","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","x"],"args":["x"],"flags":[],"operands":["x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">","fd":null,"target":"notes.txt","path":{"raw":"notes.txt","path":"/home/dev/project/notes.txt","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"notes.txt"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.system_config.outside_workspace_write" in rules
}
