# Writes and links onto files that run at login, grant privileges or configure the system,
# whoever writes them (`>`, tee, cp, the Write tool, an MCP write, inline code); settings
# that make a tool run a command line later (git hooks/pagers/sshCommand/fsmonitor, `!`
# aliases, insteadOf, registries; shell PROMPT_COMMAND, BASH_ENV).
package toolgate.rules.effects.persistence

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

findings contains lib.finding(
	sprintf("effects.%s.sensitive_write", [category]),
	"deny",
	category,
	"critical",
	sprintf("%s writes %s (%s)", [e.producer, e.path.path, category]),
) if {
	some e in fx.of_type("write")
	not e.path.in_workspace
	some category in lib.sensitive_write_categories(e.path)
}

findings contains lib.finding(
	sprintf("effects.%s.sensitive_link", [category]),
	"deny",
	category,
	"critical",
	sprintf("%s links %s, a %s location, to %s", [e.producer, e.from.path, category, e.to.path]),
) if {
	some e in fx.of_type("link")
	not e.from.in_workspace
	some category in lib.sensitive_write_categories(e.from)
}

# A git hook written or linked by any producer (`curl -sSo .git/hooks/pre-commit URL`, `cp`,
# inline code, an MCP write): it runs on the next commit, checkout or push, unseen. Inside the
# workspace too: `.git/hooks` is not versioned, so nobody reviews what lands there.
findings contains lib.finding(
	"effects.persistence.git_hook",
	"deny",
	"persistence",
	"high",
	sprintf("%s writes the git hook %s", [e.producer, p.path]),
) if {
	some e in fx.effects
	e.type in {"write", "link"}
	p := hook_target(e)
	# In any letter case: macOS and Windows checkouts sit on case-insensitive file systems.
	contains(lower(p.path), "/.git/hooks/")
	not endswith(p.path, ".sample")
}

hook_target(e) := e.path if e.type == "write"

hook_target(e) := e.from if e.type == "link"

# A setting that makes the tool run a command line, fetch from elsewhere or load code.
findings contains lib.finding(
	"effects.persistence.command_setting",
	"ask",
	category,
	"high",
	sprintf("%s sets %s.%s, which decides what runs or where code comes from", [e.producer, e.tool, e.key]),
) if {
	some e in fx.of_type("config")
	some category, patterns in fx.cfg.risky_settings[e.tool]
	some pattern in patterns
	lib.regex_match(pattern, concat("=", [e.key, object.get(e, "value", "") ]))
}

# Hooks read from a folder outside the workspace (core.hooksPath /tmp/hooks, ~/.hooks): every
# commit, checkout and push then runs whatever that outside folder holds (DESIGN.md: git hooks
# from outside content). A hooks folder of the repository itself (.husky, .githooks) is routine.
findings contains lib.finding(
	"effects.persistence.outside_hooks",
	"deny",
	"persistence",
	"critical",
	sprintf("%s sets %s to %s, a hooks folder outside the workspace", [e.producer, e.key, e.value]),
) if {
	some e in fx.of_type("config")
	e.tool == "git"
	lower(e.key) == "core.hookspath"
	outside_workspace_value(e.value)
}

outside_workspace_value(v) if startswith(v, "~")

outside_workspace_value(v) if startswith(v, "$")

outside_workspace_value(v) if {
	startswith(v, "/")
	not fx.in_workspace(v)
}

# Code an interpreter runs at every start, whoever starts it: a `.pth` line beginning with
# `import` in site-packages, `sitecustomize`/`usercustomize`, Ruby's and Node's preload
# hooks (config.paths.interpreter_startup). Inside the workspace too: a project's virtualenv
# runs it for every test, build and tool, and nobody reviews what lands in site-packages.
# A `.pth` of plain folder names (what an editable install writes) runs nothing.
findings contains lib.finding(
	"effects.persistence.interpreter_startup",
	"deny",
	"persistence",
	"critical",
	sprintf("%s writes %s, code the interpreter runs at every start", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("write")
	lib.path_in_globs(e.path, data.config.paths.interpreter_startup)
	startup_code(e)
}

startup_code(e) if not endswith(e.path.path, ".pth")

startup_code(e) if not is_string(e.content)

startup_code(e) if lib.regex_match(`(?m)^\s*import[\s;]`, e.content)

