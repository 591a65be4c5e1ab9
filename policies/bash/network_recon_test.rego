# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.network_recon

import rego.v1

# bash: {"command":"nmap -sS 10.0.0.0/24"}
test_nmap_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"nmap -sS 10.0.0.0/24"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"nmap -sS 10.0.0.0/24","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"nmap","path":null,"argv":["nmap","-sS","10.0.0.0/24"],"args":["-sS","10.0.0.0/24"],"flags":["s","S"],"operands":["10.0.0.0/24"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[{"raw":"10.0.0.0/24","path":"/home/dev/project/10.0.0.0/24","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"24"}],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["nmap"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"nmap","argv":["nmap","-sS","10.0.0.0/24"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:nmap","command":0,"type":"connect","host":"10.0.0.0/24","port":null,"url":null,"listen":false,"shell":false}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.network_recon.scanner" in rules
}

# bash: {"command":"ping -c 3 example.com"}
test_ping_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"ping -c 3 example.com"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"ping -c 3 example.com","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"ping","path":null,"argv":["ping","-c","3","example.com"],"args":["-c","3","example.com"],"flags":["c"],"operands":["3","example.com"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["ping"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"ping","argv":["ping","-c","3","example.com"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:ping","command":0,"type":"connect","host":"example.com","port":null,"url":null,"listen":false,"shell":false}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.network_recon.sweep" in rules
}

# bash: {"command":"tcpdump -i eth0"}
test_tcpdump_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"tcpdump -i eth0"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"tcpdump -i eth0","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"tcpdump","path":null,"argv":["tcpdump","-i","eth0"],"args":["-i","eth0"],"flags":["i"],"operands":["eth0"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["tcpdump"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"tcpdump","argv":["tcpdump","-i","eth0"],"language":null,"code":null,"origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.network_recon.sniffer" in rules
}
