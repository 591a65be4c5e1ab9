# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.resource_exhaustion

import rego.v1

# bash: {"command":":(){ :|:& };:"}
test_fork_bomb_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":":(){ :|:& };:"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":":(){ :|:& };:","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":["function_defined","recursive_function"],"commands":[{"id":0,"name":":","path":null,"argv":[":"],"args":[],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]},{"id":1,"name":":","path":null,"argv":[":"],"args":[],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":1,"via":"function","parent":0,"redirects":[],"pipeline":0,"pipe_index":0,"background":true,"paths":[],"urls":[],"inline_code":null,"env_vars":[]},{"id":2,"name":":","path":null,"argv":[":"],"args":[],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":1,"via":"function","parent":0,"redirects":[],"pipeline":0,"pipe_index":1,"background":true,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[{"id":0,"commands":[1,2]}],"flows":[{"from":1,"to":2,"kind":"pipe"}],"names":[":"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.resource_exhaustion.fork_bomb" in rules
}

# bash: {"command":"f() { echo hi; }; f"}
test_plain_function_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"f() { echo hi; }; f"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"f() { echo hi; }; f","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":["function_defined"],"commands":[{"id":0,"name":"f","path":null,"argv":["f"],"args":[],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]},{"id":1,"name":"echo","path":null,"argv":["echo","hi"],"args":["hi"],"flags":[],"operands":["hi"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":1,"via":"function","parent":0,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["f","echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.resource_exhaustion.fork_bomb" in rules
}

# bash: {"command":"fallocate -l 500G /tmp/x"}
test_fallocate_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"fallocate -l 500G /tmp/x"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"fallocate -l 500G /tmp/x","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"fallocate","path":null,"argv":["fallocate","-l","500G","/tmp/x"],"args":["-l","500G","/tmp/x"],"flags":["l"],"operands":["500G","/tmp/x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/tmp/x","path":"/tmp/x","in_workspace":false,"in_home":false,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"x"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["fallocate"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.resource_exhaustion.large_file" in rules
}
