# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.destructive_fs

import rego.v1

# bash: {"command":"rm -rf ~"}
test_rm_home_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"rm -rf ~"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"rm -rf ~","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"rm","path":null,"argv":["rm","-rf","/home/dev"],"args":["-rf","/home/dev"],"flags":["r","f"],"operands":["/home/dev"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/home/dev","path":"/home/dev","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":true,"is_workspace":false,"glob":false,"dynamic":false,"basename":"dev"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["rm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_fs.rm_protected" in rules
}

# bash: {"command":"rm -rf node_modules"}
test_rm_node_modules_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"rm -rf node_modules"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"rm -rf node_modules","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"rm","path":null,"argv":["rm","-rf","node_modules"],"args":["-rf","node_modules"],"flags":["r","f"],"operands":["node_modules"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"node_modules","path":"/home/dev/project/node_modules","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"node_modules"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["rm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_fs.rm_workspace" in rules
}

# bash: {"command":"rm -rf src"}
test_rm_src_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"rm -rf src"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"rm -rf src","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"rm","path":null,"argv":["rm","-rf","src"],"args":["-rf","src"],"flags":["r","f"],"operands":["src"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"src","path":"/home/dev/project/src","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"src"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["rm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_fs.rm_workspace" in rules
}

# bash: {"command":"dd if=/dev/zero of=/dev/sda"}
test_dd_device_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"dd if=/dev/zero of=/dev/sda"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"dd if=/dev/zero of=/dev/sda","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"dd","path":null,"argv":["dd","if=/dev/zero","of=/dev/sda"],"args":["if=/dev/zero","of=/dev/sda"],"flags":[],"operands":["if=/dev/zero","of=/dev/sda"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/dev/zero","path":"/dev/zero","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"zero"},{"raw":"/dev/sda","path":"/dev/sda","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"sda"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["dd"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_fs.write_device" in rules
}

# bash: {"command":"mkfs.ext4 /dev/sdb1"}
test_mkfs_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"mkfs.ext4 /dev/sdb1"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"mkfs.ext4 /dev/sdb1","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"mkfs.ext4","path":null,"argv":["mkfs.ext4","/dev/sdb1"],"args":["/dev/sdb1"],"flags":[],"operands":["/dev/sdb1"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/dev/sdb1","path":"/dev/sdb1","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"sdb1"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["mkfs.ext4"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_fs.format_disk" in rules
}

# bash: {"command":"find . -name \"*.pyc\" -delete"}
test_find_filtered_delete_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"find . -name \"*.pyc\" -delete"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"find . -name \"*.pyc\" -delete","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"find","path":null,"argv":["find",".","-name","*.pyc","-delete"],"args":[".","-name","*.pyc","-delete"],"flags":["name","delete"],"operands":["."],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":".","path":"/home/dev/project","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":true,"glob":false,"dynamic":false,"basename":"project"},{"raw":"*.pyc","path":"/home/dev/project/*.pyc","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":true,"dynamic":false,"basename":"*.pyc"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["find"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_fs.find_delete_workspace" in rules
}
