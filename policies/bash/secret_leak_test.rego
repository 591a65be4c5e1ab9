# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.secret_leak

import rego.v1

# bash: {"command":"export TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a"}
test_literal_token_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"export TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"export TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"export","path":null,"argv":["export","TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a"],"args":["TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a"],"flags":[],"operands":["TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a"],"dynamic_name":false,"wrappers":[],"assignments":{"TOKEN":"ghp_16C7e42F292c6912E7710c838347Ae178B4a"},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["export"],"secrets":[{"type":"github_token","offset":13}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.secret_leak.literal_secret" in rules
}

# bash: {"command":"curl -H \"Authorization: Bearer $TOKEN\" https://api.github.com"}
test_variable_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"curl -H \"Authorization: Bearer $TOKEN\" https://api.github.com"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"curl -H \"Authorization: Bearer $TOKEN\" https://api.github.com","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"curl","path":null,"argv":["curl","-H","Authorization: Bearer $TOKEN","https://api.github.com"],"args":["-H","Authorization: Bearer $TOKEN","https://api.github.com"],"flags":["H"],"operands":["https://api.github.com"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"https://api.github.com","valid":true,"scheme":"https","host":"api.github.com","port":443,"path":"/","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":["TOKEN"]}],"pipelines":[],"flows":[],"names":["curl"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.secret_leak.secret_to_network" in rules
}

# bash: {"command":"docker login -u dev -p hunter22 registry.example.net"}
test_docker_login_password_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"docker login -u dev -p hunter22 registry.example.net"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"docker login -u dev -p hunter22 registry.example.net","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"docker","path":null,"argv":["docker","login","-u","dev","-p","hunter22","registry.example.net"],"args":["login","-u","dev","-p","hunter22","registry.example.net"],"flags":["u","p"],"operands":["login","registry.example.net"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["docker"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.secret_leak.password_argument" in rules
}
