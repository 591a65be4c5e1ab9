# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.credential_access

import rego.v1

# bash: {"command":"cat ~/.ssh/id_rsa"}
test_ssh_key_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"cat ~/.ssh/id_rsa"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"cat ~/.ssh/id_rsa","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"cat","path":null,"argv":["cat","/home/dev/.ssh/id_rsa"],"args":["/home/dev/.ssh/id_rsa"],"flags":[],"operands":["/home/dev/.ssh/id_rsa"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["cat"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.credential_access.credential_path" in rules
}

# bash: {"command":"cat ~/.ssh/id_rsa.pub"}
test_public_key_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"cat ~/.ssh/id_rsa.pub"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"cat ~/.ssh/id_rsa.pub","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"cat","path":null,"argv":["cat","/home/dev/.ssh/id_rsa.pub"],"args":["/home/dev/.ssh/id_rsa.pub"],"flags":[],"operands":["/home/dev/.ssh/id_rsa.pub"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/home/dev/.ssh/id_rsa.pub","path":"/home/dev/.ssh/id_rsa.pub","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa.pub"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["cat"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.credential_access.credential_path" in rules
}

# bash: {"command":"cat .env"}
test_env_file_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"cat .env"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"cat .env","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"cat","path":null,"argv":["cat",".env"],"args":[".env"],"flags":[],"operands":[".env"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":".env","path":"/home/dev/project/.env","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".env"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["cat"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.credential_access.env_file" in rules
}

# bash: {"command":"cat .env.example"}
test_env_example_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"cat .env.example"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"cat .env.example","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"cat","path":null,"argv":["cat",".env.example"],"args":[".env.example"],"flags":[],"operands":[".env.example"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":".env.example","path":"/home/dev/project/.env.example","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".env.example"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["cat"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.credential_access.env_file" in rules
}

# bash: {"command":"security find-generic-password -wa login"}
test_keychain_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"security find-generic-password -wa login"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"security find-generic-password -wa login","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"security","path":null,"argv":["security","find-generic-password","-wa","login"],"args":["find-generic-password","-wa","login"],"flags":["w","a"],"operands":["find-generic-password","login"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["security"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.credential_access.secret_command" in rules
}
