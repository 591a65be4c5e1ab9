# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.files.protected_writes

import rego.v1

# Write: {"file_path":"/home/dev/.bashrc","content":"x"}
test_write_bashrc_denied if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/.bashrc","content":"x"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/.bashrc","path":"/home/dev/.bashrc","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".bashrc"},"mode":"create","content":"x"}],"path":{"raw":"/home/dev/.bashrc","path":"/home/dev/.bashrc","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".bashrc"},"paths":[{"raw":"/home/dev/.bashrc","path":"/home/dev/.bashrc","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":".bashrc"}],"content_length":1,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.protected_writes.persistence" in rules
}

# Write: {"file_path":"/home/dev/project/src/a.ts","content":"x"}
test_write_source_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/project/src/a.ts","content":"x"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"},"mode":"create","content":"x"}],"path":{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"},"paths":[{"raw":"/home/dev/project/src/a.ts","path":"/home/dev/project/src/a.ts","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.ts"}],"content_length":1,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "files.protected_writes.outside_workspace" in rules
}

# Write: {"file_path":"/home/dev/notes.md","content":"x"}
test_write_outside_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/notes.md","content":"x"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/notes.md","path":"/home/dev/notes.md","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"notes.md"},"mode":"create","content":"x"}],"path":{"raw":"/home/dev/notes.md","path":"/home/dev/notes.md","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"notes.md"},"paths":[{"raw":"/home/dev/notes.md","path":"/home/dev/notes.md","in_workspace":false,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"notes.md"}],"content_length":1,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.protected_writes.outside_workspace" in rules
}

# Write: {"file_path":"/home/dev/project/.github/workflows/ci.yml","content":"x"}
test_write_workflow_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/project/.github/workflows/ci.yml","content":"x"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/project/.github/workflows/ci.yml","path":"/home/dev/project/.github/workflows/ci.yml","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"ci.yml"},"mode":"create","content":"x"}],"path":{"raw":"/home/dev/project/.github/workflows/ci.yml","path":"/home/dev/project/.github/workflows/ci.yml","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"ci.yml"},"paths":[{"raw":"/home/dev/project/.github/workflows/ci.yml","path":"/home/dev/project/.github/workflows/ci.yml","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"ci.yml"}],"content_length":1,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.protected_writes.ci_workflow" in rules
}
