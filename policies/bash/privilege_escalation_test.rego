# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.privilege_escalation

import rego.v1

# bash: {"command":"sudo apt-get update"}
test_sudo_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"sudo apt-get update"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"sudo apt-get update","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"sudo","path":null,"argv":["sudo","apt-get","update"],"args":["apt-get","update"],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]},{"id":1,"name":"apt-get","path":null,"argv":["apt-get","update"],"args":["update"],"flags":[],"operands":["update"],"dynamic_name":false,"wrappers":["sudo"],"assignments":{},"depth":0,"via":"script","parent":0,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["sudo","apt-get"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.privilege_escalation.sudo" in rules
}

# bash: {"command":"sudo -l"}
test_sudo_list_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"sudo -l"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"sudo -l","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"sudo","path":null,"argv":["sudo","-l"],"args":["-l"],"flags":["l"],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["sudo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.privilege_escalation.sudo" in rules
}

# bash: {"command":"chmod u+s /usr/bin/find"}
test_setuid_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"chmod u+s /usr/bin/find"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"chmod u+s /usr/bin/find","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"chmod","path":null,"argv":["chmod","u+s","/usr/bin/find"],"args":["u+s","/usr/bin/find"],"flags":[],"operands":["u+s","/usr/bin/find"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/usr/bin/find","path":"/usr/bin/find","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"find"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["chmod"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.privilege_escalation.setuid" in rules
}

# bash: {"command":"echo 'x ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers"}
test_sudoers_write_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo 'x ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo 'x ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","x ALL=(ALL) NOPASSWD:ALL"],"args":["x ALL=(ALL) NOPASSWD:ALL"],"flags":[],"operands":["x ALL=(ALL) NOPASSWD:ALL"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">>","fd":null,"target":"/etc/sudoers","path":{"raw":"/etc/sudoers","path":"/etc/sudoers","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"sudoers"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.privilege_escalation.privileged_file" in rules
}
