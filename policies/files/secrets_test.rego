# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.files.secrets

import rego.v1

# Write: {"file_path":"/home/dev/project/a.py","content":"t = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'"}
test_secret_content_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/project/a.py","content":"t = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"},"mode":"create","content":"t = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'"}],"path":{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"},"paths":[{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"}],"content_length":46,"secrets":[{"type":"github_token","offset":5}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"files.secrets.secret_in_content" in rules
}

# Write: {"file_path":"/home/dev/project/a.py","content":"print(1)"}
test_plain_content_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"Write","kind":"write","input":{"file_path":"/home/dev/project/a.py","content":"print(1)"},"session_id":"t","agent_id":null},"facts":{"kind":"write","indeterminate":[],"effects":[{"producer":"tool:write","command":null,"type":"write","path":{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"},"mode":"create","content":"print(1)"}],"path":{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"},"paths":[{"raw":"/home/dev/project/a.py","path":"/home/dev/project/a.py","in_workspace":true,"in_home":true,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":false,"dynamic":false,"basename":"a.py"}],"content_length":8,"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "files.secrets.secret_in_content" in rules
}
