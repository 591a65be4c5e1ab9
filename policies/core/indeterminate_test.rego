# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.core.indeterminate

import rego.v1

# bash: {"command":"echo 'unterminated"}
test_parse_error_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"echo 'unterminated"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"echo 'unterminated","cwd":"/home/dev/project","parse_error":true,"indeterminate":["parse_error"],"signals":[],"commands":[{"id":0,"name":"echo","path":null,"argv":["echo"],"args":[],"flags":[],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["echo"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"echo","argv":["echo"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"core.indeterminate" in rules
}

# bash: {"command":"ls -la"}
test_plain_command_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"ls -la"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"ls -la","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"ls","path":null,"argv":["ls","-la"],"args":["-la"],"flags":["l","a"],"operands":[],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["ls"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"ls","argv":["ls","-la"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "core.indeterminate" in rules
}

# bash: {"command":"'r''m' -rf src"}
test_hidden_and_risky_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"'r''m' -rf src"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"'r''m' -rf src","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":["string_concatenation","obfuscated_command_name"],"commands":[{"id":0,"name":"rm","path":null,"argv":["rm","-rf","src"],"args":["-rf","src"],"flags":["r","f"],"operands":["src"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"src","path":"/home/dev/project/src","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"src"}],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["rm"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"rm","argv":["rm","-rf","src"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:rm","command":0,"type":"delete","path":{"raw":"src","path":"/home/dev/project/src","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"src"},"recursive":true}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"core.indeterminate_risky" in rules
}
