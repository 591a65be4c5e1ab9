# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.destructive_git

import rego.v1

# bash: {"command":"git push --force origin main"}
test_force_push_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"git push --force origin main"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"git push --force origin main","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"git","path":null,"argv":["git","push","--force","origin","main"],"args":["push","--force","origin","main"],"flags":["--force"],"operands":["push","origin","main"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["git"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_git.history_or_work_loss" in rules
}

# bash: {"command":"git push origin main"}
test_plain_push_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"git push origin main"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"git push origin main","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"git","path":null,"argv":["git","push","origin","main"],"args":["push","origin","main"],"flags":[],"operands":["push","origin","main"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["git"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_git.history_or_work_loss" in rules
}

# bash: {"command":"git push origin +main"}
test_plus_refspec_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"git push origin +main"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"git push origin +main","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"git","path":null,"argv":["git","push","origin","+main"],"args":["push","origin","+main"],"flags":[],"operands":["push","origin","+main"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["git"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_git.force_refspec" in rules
}
