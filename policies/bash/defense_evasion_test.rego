# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.defense_evasion

import rego.v1

# bash: {"command":"history -c"}
test_history_clear_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"history -c"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"history -c","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"history","path":null,"argv":["history","-c"],"args":["-c"],"flags":["c"],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["history"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.defense_evasion.history_command" in rules
}

# bash: {"command":"echo \"history -c\" > notes.txt"}
test_history_in_echo_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo \"history -c\" > notes.txt"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo \"history -c\" > notes.txt","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","history -c"],"args":["history -c"],"flags":[],"operands":["history -c"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">","fd":null,"target":"notes.txt","path":{"raw":"notes.txt","path":"/home/dev/project/notes.txt","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"notes.txt"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.defense_evasion.history" in rules
}

# bash: {"command":"ufw disable"}
test_ufw_disable_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"ufw disable"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"ufw disable","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"ufw","path":null,"argv":["ufw","disable"],"args":["disable"],"flags":[],"operands":["disable"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["ufw"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.defense_evasion.disable_control" in rules
}

# bash: {"command":"truncate -s 0 /var/log/syslog"}
test_log_truncate_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"truncate -s 0 /var/log/syslog"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"truncate -s 0 /var/log/syslog","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"truncate","path":null,"argv":["truncate","-s","0","/var/log/syslog"],"args":["-s","0","/var/log/syslog"],"flags":["s"],"operands":["/var/log/syslog"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/var/log/syslog","path":"/var/log/syslog","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"syslog"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["truncate"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.defense_evasion.logs" in rules
}
