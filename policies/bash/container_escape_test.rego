# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.container_escape

import rego.v1

# bash: {"command":"nsenter -t 1 -m sh"}
test_nsenter_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"nsenter -t 1 -m sh"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"nsenter -t 1 -m sh","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"nsenter","path":null,"argv":["nsenter","-t","1","-m","sh"],"args":["-t","1","-m","sh"],"flags":["t","m"],"operands":["1","sh"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["nsenter"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.container_escape.nsenter_host" in rules
}

# bash: {"command":"docker run -v /:/host alpine"}
test_root_mount_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"docker run -v /:/host alpine"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"docker run -v /:/host alpine","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"docker","path":null,"argv":["docker","run","-v","/:/host","alpine"],"args":["run","-v","/:/host","alpine"],"flags":["v"],"operands":["run","alpine"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/:/host","path":"/:/host","in_workspace":false,"in_home":false,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"host"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["docker"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.container_escape.host_mount" in rules
}

# bash: {"command":"docker run -v /home/dev/project:/app node:20"}
test_workspace_mount_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"docker run -v /home/dev/project:/app node:20"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"docker run -v /home/dev/project:/app node:20","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"docker","path":null,"argv":["docker","run","-v","/home/dev/project:/app","node:20"],"args":["run","-v","/home/dev/project:/app","node:20"],"flags":["v"],"operands":["run","node:20"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/home/dev/project:/app","path":"/home/dev/project:/app","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"app"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["docker"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.container_escape.host_mount" in rules
}

# bash: {"command":"docker run -v /var/run/docker.sock:/var/run/docker.sock docker"}
test_socket_mount_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"docker run -v /var/run/docker.sock:/var/run/docker.sock docker"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"docker run -v /var/run/docker.sock:/var/run/docker.sock docker","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"docker","path":null,"argv":["docker","run","-v","/var/run/docker.sock:/var/run/docker.sock","docker"],"args":["run","-v","/var/run/docker.sock:/var/run/docker.sock","docker"],"flags":["v"],"operands":["run","docker"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"/var/run/docker.sock:/var/run/docker.sock","path":"/var/run/docker.sock:/var/run/docker.sock","in_workspace":false,"in_home":false,"system":true,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"docker.sock"}],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["docker"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.container_escape.host_mount" in rules
}
