# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.package_tampering

import rego.v1

# bash: {"command":"npm install --registry http://r.example.net lodash"}
test_foreign_registry_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"npm install --registry http://r.example.net lodash"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"npm install --registry http://r.example.net lodash","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"npm","path":null,"argv":["npm","install","--registry","http://r.example.net","lodash"],"args":["install","--registry","http://r.example.net","lodash"],"flags":["--registry"],"operands":["install","lodash"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"http://r.example.net","valid":true,"scheme":"http","host":"r.example.net","port":80,"path":"/","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["npm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.package_tampering.foreign_registry" in rules
}

# bash: {"command":"npm install --registry https://registry.npmjs.org lodash"}
test_npm_registry_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"npm install --registry https://registry.npmjs.org lodash"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"npm install --registry https://registry.npmjs.org lodash","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"npm","path":null,"argv":["npm","install","--registry","https://registry.npmjs.org","lodash"],"args":["install","--registry","https://registry.npmjs.org","lodash"],"flags":["--registry"],"operands":["install","lodash"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[{"raw":"https://registry.npmjs.org","valid":true,"scheme":"https","host":"registry.npmjs.org","port":443,"path":"/","query":"","has_credentials":false,"ip":null,"ip_kind":null,"special_host":null,"secret_params":[]}],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["npm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.package_tampering.foreign_registry" in rules
}

# bash: {"command":"npm publish"}
test_publish_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"npm publish"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"npm publish","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"npm","path":null,"argv":["npm","publish"],"args":["publish"],"flags":[],"operands":["publish"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[]}],"pipelines":[],"flows":[],"names":["npm"],"secrets":[]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.package_tampering.publish" in rules
}
