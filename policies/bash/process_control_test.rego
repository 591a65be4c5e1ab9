# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.process_control

import rego.v1

# bash: {"command":"kill -9 1234"}
test_kill9_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"kill -9 1234"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"kill -9 1234","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"kill","path":null,"argv":["kill","-9","1234"],"args":["-9","1234"],"flags":["9"],"operands":["1234"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["kill"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"kill","argv":["kill","-9","1234"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:kill","command":0,"type":"kill","target":"pid:1234","signal":"9"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.process_control.force_kill" in rules
}

# bash: {"command":"kill 1234"}
test_kill_term_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"kill 1234"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"kill 1234","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"kill","path":null,"argv":["kill","1234"],"args":["1234"],"flags":[],"operands":["1234"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["kill"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"kill","argv":["kill","1234"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:kill","command":0,"type":"kill","target":"pid:1234","signal":"TERM"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.process_control.force_kill" in rules
}

# bash: {"command":"kill -9 -1"}
test_kill_all_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"kill -9 -1"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"kill -9 -1","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"kill","path":null,"argv":["kill","-9","-1"],"args":["-9","-1"],"flags":["9"],"operands":["-1"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["kill"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"kill","argv":["kill","-9","-1"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:kill","command":0,"type":"kill","target":"all","signal":"9"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.process_control.kill_all" in rules
}
