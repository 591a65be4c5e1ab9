# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.destructive_cloud

import rego.v1

# bash: {"command":"aws ec2 terminate-instances --instance-ids i-1"}
test_terminate_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"aws ec2 terminate-instances --instance-ids i-1"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"aws ec2 terminate-instances --instance-ids i-1","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"aws","path":null,"argv":["aws","ec2","terminate-instances","--instance-ids","i-1"],"args":["ec2","terminate-instances","--instance-ids","i-1"],"flags":["--instance-ids"],"operands":["ec2","terminate-instances","i-1"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["aws"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"aws","argv":["aws","ec2","terminate-instances","--instance-ids","i-1"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_cloud.delete_resource" in rules
}

# bash: {"command":"aws ec2 describe-instances"}
test_list_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"aws ec2 describe-instances"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"aws ec2 describe-instances","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"aws","path":null,"argv":["aws","ec2","describe-instances"],"args":["ec2","describe-instances"],"flags":[],"operands":["ec2","describe-instances"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["aws"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"aws","argv":["aws","ec2","describe-instances"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_cloud.delete_resource" in rules
}

# bash: {"command":"terraform destroy -auto-approve"}
test_terraform_destroy_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"terraform destroy -auto-approve"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"terraform destroy -auto-approve","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"terraform","path":null,"argv":["terraform","destroy","-auto-approve"],"args":["destroy","-auto-approve"],"flags":["a","u","t","o","-","a","p","p","r","o","v","e"],"operands":["destroy"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["terraform"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"terraform","argv":["terraform","destroy","-auto-approve"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_cloud.delete_resource" in rules
}
