# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.files.credentials

import rego.v1

# Read: {"file_path":"/home/dev/.ssh/id_rsa"}
test_read_key_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Read","kind":"read","input":{"file_path":"/home/dev/.ssh/id_rsa"},"session_id":"t","agent_id":null},"facts":{"kind":"read","indeterminate":[],"effects":[{"producer":"tool:read","command":null,"type":"read","path":{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"}}],"path":{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"},"paths":[{"raw":"/home/dev/.ssh/id_rsa","path":"/home/dev/.ssh/id_rsa","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"id_rsa"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.credentials.credential_path" in rules
}

# Read: {"file_path":"/home/dev/project/src/a.ts"}
test_read_source_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Read","kind":"read","input":{"file_path":"/home/dev/project/src/a.ts"},"session_id":"t","agent_id":null},"facts":{"kind":"read","indeterminate":[],"effects":[{"producer":"tool:read","command":null,"type":"read","path":{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"}}],"path":{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"},"paths":[{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "files.credentials.credential_path" in rules
}

# Read: {"file_path":"/home/dev/project/.env"}
test_read_env_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Read","kind":"read","input":{"file_path":"/home/dev/project/.env"},"session_id":"t","agent_id":null},"facts":{"kind":"read","indeterminate":[],"effects":[{"producer":"tool:read","command":null,"type":"read","path":{"raw":"/home/dev/project/.env","path":"/home/dev/project/.env","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".env"}}],"path":{"raw":"/home/dev/project/.env","path":"/home/dev/project/.env","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".env"},"paths":[{"raw":"/home/dev/project/.env","path":"/home/dev/project/.env","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".env"}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.credentials.env_file" in rules
}
