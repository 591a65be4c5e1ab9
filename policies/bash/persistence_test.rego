# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.persistence

import rego.v1

# bash: {"command":"echo 'x' >> ~/.bashrc"}
test_bashrc_append_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo 'x' >> ~/.bashrc"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo 'x' >> ~/.bashrc","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","x"],"args":["x"],"flags":[],"operands":["x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">>","fd":null,"target":"/home/dev/.bashrc","path":{"raw":"/home/dev/.bashrc","path":"/home/dev/.bashrc","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".bashrc"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.persistence.write_startup_file" in rules
}

# bash: {"command":"cat ~/.bashrc"}
test_bashrc_read_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"cat ~/.bashrc"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"cat ~/.bashrc","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"cat","path":null,"argv":["cat","/home/dev/.bashrc"],"args":["/home/dev/.bashrc"],"flags":[],"operands":["/home/dev/.bashrc"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/home/dev/.bashrc","path":"/home/dev/.bashrc","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".bashrc"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["cat"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.persistence.write_startup_file" in rules
}

# bash: {"command":"echo \"* * * * * x\" | crontab -"}
test_crontab_stdin_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo \"* * * * * x\" | crontab -"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo \"* * * * * x\" | crontab -","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","* * * * * x"],"args":["* * * * * x"],"flags":[],"operands":["* * * * * x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":0,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]},{"id":1,"name":"crontab","path":null,"argv":["crontab","-"],"args":["-"],"flags":[],"operands":["-"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":0,"pipe_index":1,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[{"id":0,"commands":[0,1]}],"flows":[{"from":0,"to":1,"kind":"pipe"}],"names":["echo","crontab"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.persistence.crontab_install" in rules
}

# bash: {"command":"crontab -l"}
test_crontab_list_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"crontab -l"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"crontab -l","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"crontab","path":null,"argv":["crontab","-l"],"args":["-l"],"flags":["l"],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["crontab"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.persistence.crontab_install" in rules
}

# bash: {"command":"echo x > .git/hooks/pre-commit"}
test_git_hook_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo x > .git/hooks/pre-commit"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo x > .git/hooks/pre-commit","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo","x"],"args":["x"],"flags":[],"operands":["x"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[{"op":">","fd":null,"target":".git/hooks/pre-commit","path":{"raw":".git/hooks/pre-commit","path":"/home/dev/project/.git/hooks/pre-commit","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"pre-commit"},"dynamic":false,"write":true}],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.persistence.git_hook" in rules
}
