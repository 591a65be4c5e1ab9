package toolgate.rules.core.unknown_tool

import rego.v1

runner_config := {"trusted": [], "allow_read_only": true, "shell_runners": ["desktop-commander", "*-shell", "mcp__ops__run"]}

runner_facts(name, server) := {
	"kind": "other", "name": name, "mcp_server": server, "runs_command_line": true, "verb": "exec",
	"input_read_by": "bash", "indeterminate": [], "secrets": [], "paths": [], "urls": [],
	"effects": [{"type": "exec", "program": "pytest", "argv": ["pytest"]}],
}

asked(facts) if {
	some f in findings with input.facts as facts with data.config.tools as runner_config
	f.rule == "core.unknown_tool"
}

test_listed_runner_needs_no_vouching if not asked(runner_facts("mcp__desktop-commander__start_process", "desktop-commander"))

test_runner_listed_by_pattern if not asked(runner_facts("mcp__team-shell__run", "team-shell"))

test_runner_listed_by_tool_name if not asked(runner_facts("mcp__ops__run", "ops"))

test_unlisted_runner_asked_with_how_to_vouch if {
	some f in findings with input.facts as runner_facts("mcp__buildbox__run", "buildbox") with data.config.tools as runner_config
	f.rule == "core.unknown_tool"
	contains(f.message, "config.tools.shell_runners")
	contains(f.message, "\"buildbox\"")
}

# A line the bash producer could not fully read is not vouched for on a listed runner either.
test_listed_runner_with_indeterminate_line_asked if {
	asked(object.union(runner_facts("mcp__desktop-commander__start_process", "desktop-commander"), {"indeterminate": ["dynamic_command"]}))
}

# A listed server's tool that is not handed a command line is judged as any other tool.
test_listed_server_other_tool_still_needs_a_verb if {
	asked(object.union(runner_facts("mcp__desktop-commander__frobnicate", "desktop-commander"), {"runs_command_line": false, "verb": null}))
}

# A container started from fields the docker run line states whole needs no vouching (the bash rules judge the line).
test_container_line_understood if {
	not asked({
		"kind": "other", "name": "mcp__docker__run_container", "mcp_server": "docker", "starts_container_line": true,
		"verb": "exec", "input_read_by": "bash", "indeterminate": [], "secrets": [], "paths": [], "urls": [],
		"effects": [{"type": "exec", "program": "docker", "argv": ["docker", "run", "redis:7"]}],
	})
}

test_container_with_unmodelled_fields_asked if {
	asked({
		"kind": "other", "name": "mcp__docker__run_container", "mcp_server": "docker",
		"verb": "exec", "input_read_by": "bash", "indeterminate": [], "secrets": [], "paths": [], "urls": [],
		"effects": [{"type": "exec", "program": "docker", "argv": ["docker", "run", "redis:7"]}],
	})
}

code_config := {"trusted": [], "allow_read_only": true, "shell_runners": [], "code_runners": ["jupyter", "*-python"]}

code_facts(name, server) := {
	"kind": "other", "name": name, "mcp_server": server, "runs_code": true, "code_language": "python", "verb": "exec",
	"input_read_by": "code", "indeterminate": [], "secrets": [], "paths": [], "urls": [],
	"effects": [{"type": "exec", "program": "python3", "argv": ["python3", "-c", "print(1)"], "language": "python"}],
}

code_asked(facts) if {
	some f in findings with input.facts as facts with data.config.tools as code_config
	f.rule == "core.unknown_tool"
}

test_listed_code_runner_needs_no_vouching if not code_asked(code_facts("mcp__jupyter__execute_cell", "jupyter"))

test_code_runner_listed_by_pattern if not code_asked(code_facts("mcp__team-python__run", "team-python"))

test_unlisted_code_runner_asked_with_how_to_vouch if {
	some f in findings with input.facts as code_facts("mcp__labkernel__execute_code", "labkernel") with data.config.tools as code_config
	f.rule == "core.unknown_tool"
	contains(f.message, "config.tools.code_runners")
	contains(f.message, "\"labkernel\"")
	contains(f.message, "python code")
}

# Code whose effects were not all read (a magic nobody knows, a parse error) is never vouched for.
test_listed_code_runner_with_unknown_effect_asked if {
	code_asked(object.union(code_facts("mcp__jupyter__execute_cell", "jupyter"), {"effects": [{"type": "unknown", "reason": "ipython_magic:%%javascript"}]}))
}

# Listed as a shell runner is not listed as a code runner.
test_shell_runner_list_does_not_vouch_for_code if {
	some f in findings with input.facts as code_facts("mcp__ops__run_code", "ops") with data.config.tools as object.union(code_config, {"shell_runners": ["ops"]})
	f.rule == "core.unknown_tool"
}
