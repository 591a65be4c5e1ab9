# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.core.other_tools

import rego.v1

# mcp__fs__get_file: {"path":"/home/dev/.ssh/id_rsa"}
test_mcp_key_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"mcp__fs__get_file","kind":"other","input":{"path":"/home/dev/.ssh/id_rsa"},"session_id":"t","agent_id":null},"facts":{"kind":"other","indeterminate":[],"effects":[{"producer":"tool:other","command":null,"type":"read","path":{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"}}],"verb":"read","input_read_by":null,"name":"mcp__fs__get_file","mcp_server":"fs","mcp_tool":"get_file","paths":[{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"}],"urls":[],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"core.other_tools.credential_path" in rules
}

# mcp__browser__open_url: {"url":"http://169.254.169.254/"}
test_mcp_metadata_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"mcp__browser__open_url","kind":"other","input":{"url":"http://169.254.169.254/"},"session_id":"t","agent_id":null},"facts":{"kind":"other","indeterminate":[],"effects":[{"producer":"tool:other","command":null,"type":"connect","host":"169.254.169.254","port":80,"url":{"raw":"http://169.254.169.254/","valid":true,"scheme":"http","host":"169.254.169.254","port":80,"path":"/","query":"","has_credentials":false,"ip":"169.254.169.254","ip_kind":"metadata","special_host":null,"secret_params":[]},"listen":false,"shell":false}],"verb":"create","input_read_by":null,"name":"mcp__browser__open_url","mcp_server":"browser","mcp_tool":"open_url","paths":[],"urls":[{"raw":"http://169.254.169.254/","valid":true,"scheme":"http","host":"169.254.169.254","port":80,"path":"/","query":"","has_credentials":false,"ip":"169.254.169.254","ip_kind":"metadata","special_host":null,"secret_params":[]}],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"core.other_tools.internal_url" in rules
}

# mcp__fs__get_file: {"path":"/home/dev/project/a.ts"}
test_mcp_plain_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"mcp__fs__get_file","kind":"other","input":{"path":"/home/dev/project/a.ts"},"session_id":"t","agent_id":null},"facts":{"kind":"other","indeterminate":[],"effects":[{"producer":"tool:other","command":null,"type":"read","path":{"raw":"/home/dev/project/a.ts","path":"/home/dev/project/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"}}],"verb":"read","input_read_by":null,"name":"mcp__fs__get_file","mcp_server":"fs","mcp_tool":"get_file","paths":[{"raw":"/home/dev/project/a.ts","path":"/home/dev/project/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"}],"urls":[],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "core.other_tools.credential_path" in rules
}
