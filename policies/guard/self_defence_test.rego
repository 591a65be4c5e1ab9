package toolgate.rules.guard.self_defence_test

import rego.v1

import data.toolgate.rules.guard.self_defence

# The gateway as src/gateway.ts describes itself to the policy.
installed := {
	"paths": ["/srv/toolgate/data", "/srv/toolgate/data/toolgate.db", "/home/dev/policies"],
	"data_dirs": ["/srv/toolgate/data"],
	"secret_paths": ["/srv/toolgate/data/admin-secret"],
	"ports": [8787],
	"hosts": [],
	"pids": [4242],
}

ctx := {"cwd": "/home/dev/project", "home": "/home/dev", "workspace_roots": ["/home/dev/project"]}

path(p, base) := {"raw": p, "path": p, "basename": base, "in_workspace": startswith(p, "/home/dev/project"), "in_home": startswith(p, "/home/dev"), "system": false, "is_root": false, "is_home": false, "is_workspace": false, "glob": false, "dynamic": false}

cmd(id, name, args, paths) := {
	"id": id, "name": name, "path": null, "argv": array.concat([name], args), "args": args, "flags": [],
	"operands": [a | some a in args; not startswith(a, "-")], "dynamic_name": false, "wrappers": [],
	"assignments": {}, "depth": 0, "via": "script", "parent": null, "redirects": [], "pipeline": null,
	"pipe_index": 0, "background": false, "paths": paths, "urls": [], "inline_code": null, "env_vars": [],
}

bash(commands) := {"kind": "bash", "commands": commands, "names": [c.name | some c in commands], "flows": [], "pipelines": [], "indeterminate": [], "signals": [], "secrets": []}



test_rm_database_denied if {
	facts := bash([cmd(0, "rm", ["-f", "/srv/toolgate/data/toolgate.db"], [path("/srv/toolgate/data/toolgate.db", "toolgate.db")])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	"guard.self_defence.protected_change" in rules
}

test_rm_data_folder_denied if {
	facts := bash([cmd(0, "rm", ["-rf", "/srv/toolgate"], [path("/srv/toolgate", "toolgate")])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	"guard.self_defence.protected_delete" in rules
}

test_cat_database_is_a_read if {
	facts := bash([cmd(0, "cat", ["/srv/toolgate/data/toolgate.db"], [path("/srv/toolgate/data/toolgate.db", "toolgate.db")])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	count(rules) == 0
}

test_cat_admin_secret_denied if {
	facts := bash([cmd(0, "cat", ["/srv/toolgate/data/admin-secret"], [path("/srv/toolgate/data/admin-secret", "admin-secret")])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	"guard.self_defence.secret_read" in rules
}

test_kill_gateway_pid_denied if {
	facts := bash([cmd(0, "kill", ["-9", "4242"], [])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	"guard.self_defence.signal_gateway" in rules
}

test_kill_other_pid_allowed if {
	facts := bash([cmd(0, "kill", ["4243"], [])])
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	count(rules) == 0
}

test_edit_policy_folder_denied if {
	facts := {"kind": "edit", "path": path("/home/dev/policies/allow.rego", "allow.rego"), "paths": [], "secrets": []}
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	"guard.self_defence.protected_write" in rules
}

test_write_project_hook_settings_denied if {
	facts := {"kind": "write", "path": path("/home/dev/project/.claude/settings.local.json", "settings.local.json"), "content_length": 2, "secrets": []}
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
	"guard.self_defence.protected_write" in rules
}

test_write_ordinary_file_allowed if {
	facts := {"kind": "write", "path": path("/home/dev/project/src/settings.json", "settings.json"), "content_length": 2, "secrets": []}
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
	count(rules) == 0
}

# ---------------------------------------------------------------- red team round 3

rules_of(facts) := rules if {
	rules := {f.rule | some f in self_defence.findings} with input as {"facts": facts, "context": ctx}
		with data.config.guard.gateway as installed
}

test_settings_in_another_case_denied if {
	"guard.self_defence.protected_change" in rules_of(bash([cmd(0, "rm", ["/home/dev/.Claude/Settings.json"], [path("/home/dev/.Claude/Settings.json", "Settings.json")])]))
	"guard.self_defence.protected_change" in rules_of(bash([cmd(0, "truncate", ["-s0", "/srv/toolgate/Data/toolgate.db"], [path("/srv/toolgate/Data/toolgate.db", "toolgate.db")])]))
	not "guard.self_defence.protected_change" in rules_of(bash([cmd(0, "rm", ["/home/dev/project/src/Settings.json"], [path("/home/dev/project/src/Settings.json", "Settings.json")])]))
}

test_service_definition_denied if {
	unit := "/home/dev/.config/systemd/user/toolgate.service"
	"guard.self_defence.protected_change" in rules_of(bash([cmd(0, "rm", [unit], [path(unit, "toolgate.service")])]))
}

test_uninstall_denied if {
	"guard.self_defence.uninstall" in rules_of(bash([cmd(0, "npm", ["uninstall", "-g", "toolgate"], [])]))
	"guard.self_defence.uninstall" in rules_of(bash([cmd(0, "pnpm", ["rm", "@acme/toolgate-openclaw"], [])]))
	not "guard.self_defence.uninstall" in rules_of(bash([cmd(0, "npm", ["uninstall", "lodash"], [])]))
}

test_adapter_setting_denied if {
	prefixed := object.union(cmd(0, "claude", ["-p", "x"], []), {"assignments": {"TOOLGATE_FAIL_MODE": "open"}})
	"guard.self_defence.adapter_setting" in rules_of(bash([prefixed]))
	"guard.self_defence.adapter_setting" in rules_of(bash([cmd(0, "export", ["TOOLGATE_URL=http://127.0.0.1:1"], [])]))
	not "guard.self_defence.adapter_setting" in rules_of(bash([cmd(0, "grep", ["TOOLGATE_URL=", "docs"], [])]))
	not "guard.self_defence.adapter_setting" in rules_of(bash([cmd(0, "export", ["NODE_ENV=production"], [])]))
}

test_adapter_setting_in_content_denied if {
	target := path("/home/dev/project/.envrc", ".envrc")
	write := {"kind": "write", "path": target, "paths": [target], "effects": [{"type": "write", "path": target, "mode": "create", "content": "export TOOLGATE_FAIL_MODE=open\n"}]}
	"guard.self_defence.adapter_setting" in rules_of(write)
	prose := {"kind": "write", "path": target, "paths": [target], "effects": [{"type": "write", "path": target, "mode": "create", "content": "set TOOLGATE_FAIL_MODE to closed\n"}]}
	not "guard.self_defence.adapter_setting" in rules_of(prose)
}

test_link_to_guard_folder_denied if {
	link := object.union(cmd(0, "ln", ["-s", "/home/dev/.claude", "cfg"], [path("/home/dev/.claude", ".claude"), path("/home/dev/project/cfg", "cfg")]), {"operands": ["/home/dev/.claude", "cfg"]})
	"guard.self_defence.link_to_guard" in rules_of(bash([link]))
	other := object.union(cmd(0, "ln", ["-s", "/home/dev/shared", "cfg"], [path("/home/dev/shared", "shared"), path("/home/dev/project/cfg", "cfg")]), {"operands": ["/home/dev/shared", "cfg"]})
	not "guard.self_defence.link_to_guard" in rules_of(bash([other]))
}
