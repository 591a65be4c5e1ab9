# Installing from places other than the configured registries, and changing where packages come from.
package toolgate.rules.bash.package_tampering

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.package_tampering

installers := [c | some c in lib.commands; c.name in cfg.installers]

# --registry / --index-url / --extra-index-url / -i pointing elsewhere than the allowed registries.
findings contains lib.finding(
	"bash.package_tampering.foreign_registry",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s uses the package source %s, which is not a configured registry", [c.name, v]),
) if {
	some c in installers
	opts := cfg.registry_options[c.name]
	some v in lib.option_values(c, opts)
	not allowed_registry(v)
}

allowed_registry(v) if {
	some prefix in cfg.allowed_url_prefixes
	startswith(v, prefix)
}

# Trusting a host or disabling verification for package installs.
findings contains lib.finding(
	"bash.package_tampering.insecure_install",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s %s weakens package verification", [c.name, a]),
) if {
	some c in installers
	some a in c.args
	some f in cfg.insecure_flags
	lib.arg_matches(f, a)
}

# Changing the configured registry or package source (npm config set registry, pip config set index-url, go env -w GOPROXY).
findings contains lib.finding(
	"bash.package_tampering.registry_config",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s changes where packages are installed from", [c.name]),
) if {
	some c in installers
	"config" in c.operands
	some verb in c.operands
	verb in cfg.config_write_verbs
	some a in c.args
	lib.regex_match(cfg.registry_key_pattern, a)
	not sets_allowed(c)
}

sets_allowed(c) if {
	some v in c.args
	allowed_registry(v)
}

findings contains lib.finding(
	"bash.package_tampering.go_env",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s turns off module checksum verification or changes the proxy", [c.name]),
) if {
	some c in lib.commands
	some a in array.concat(c.args, [concat("=", [k, v]) | some k, v in c.assignments])
	startswith(a, "GO")
	lib.regex_match(cfg.go_insecure_pattern, a)
}

# Publishing packages: a supply-chain action that needs a person.
findings contains lib.finding(
	"bash.package_tampering.publish",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s %s publishes or removes a package on a public registry", [c.name, o]),
) if {
	some c in lib.commands
	c.name in cfg.publishers
	sel := selected(c)
	o := publish_verb(sel[0], sel[1])
	o in object.get(cfg.publish_verbs_of, sel[0], cfg.publish_verbs)
	not "--dry-run" in c.args
	ships_assets(c, sel[0], o)
}

# A forge release publishes what it attaches (`gh release create v1 dist/*.tgz`); a release
# of notes and a tag alone (`gh release create v1 --generate-notes`) is the everyday loop.
# publish_asset_verbs: the verbs that publish only with files after their tag.
ships_assets(_, name, verb) if not verb in object.get(cfg.publish_asset_verbs, name, [])

ships_assets(c, name, verb) if {
	verb in object.get(cfg.publish_asset_verbs, name, [])
	some v, w in c.args
	w == verb
	files := [a |
		some i, a in c.args
		i > v
		not startswith(a, "-")
		not option_value(c, i)
	]
	count(files) >= 2
}

# The verb is the publisher's subcommand, not any word of the line: `swift build -c release`
# builds, `npm install upload` installs a package named upload. Some publishers nest it one
# level (`dotnet nuget push`, `pod trunk push`, `yarn npm publish`): publish_groups says where.
publish_verb(name, words) := words[1] if {
	words[0] in object.get(cfg.publish_groups, name, [])
} else := words[0]

# The publisher and its words once workspace selectors are read past: `yarn workspace app npm
# publish`, `yarn workspaces foreach -A npm publish` (publish_selectors: the selector word and
# how many words it takes), and a publisher run by a package manager or runner (`npx changeset
# publish`, `pnpm exec lerna publish`, `yarn changeset publish`): the inner publisher's words.
selected(c) := [words[0], past_selectors(words[0], array.slice(words, 1, count(words)))] if {
	words := past_selectors(c.name, subcommand_words(c))
	words[0] in cfg.publishers
	words[0] != c.name
} else := [c.name, past_selectors(c.name, subcommand_words(c))]

past_selectors(name, words) := array.slice(words, n + 1, count(words)) if {
	n := cfg.publish_selectors[name][words[0]]
} else := words

# Operands that can be a subcommand: plain words. The value of an option that takes one
# (`npm -w app publish`, `pnpm --filter app publish`, `npm --otp 123456 publish`:
# publish_value_options) is not; `swift build -c release` still stops at build.
subcommand_words(c) := [a |
	some i, a in c.args
	not startswith(a, "-")
	plain_word(a)
	not option_value(c, i)
]

option_value(c, i) if {
	i > 0
	c.args[i - 1] in cfg.publish_value_options
}

# A value the parse could not place (`--otp 123456`) is no plain word either.
plain_word(o) if {
	o != ""
	trim_left(lower(o), "abcdefghijklmnopqrstuvwxyz-:") == ""
}

# Adding package sources to the system (apt sources, yum repos, apt-key add).
findings contains lib.finding(
	"bash.package_tampering.system_source",
	"deny",
	"package_tampering",
	"critical",
	sprintf("%s writes %s, a system package source", [c.name, p.path]),
) if {
	some pair in lib.bash_writes_in("package_tampering")
	c := pair[0]
	p := pair[1]
}

findings contains lib.finding(
	"bash.package_tampering.trust_key",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s trusts a new package signing key or repository", [c.name]),
) if {
	some c in lib.commands
	some s in cfg.source_commands
	c.name == s.command
	lib.spec_matches(c, s)
}

# Editing installed packages in place (sed -i node_modules/…, site-packages).
findings contains lib.finding(
	"bash.package_tampering.edit_installed",
	"ask",
	"package_tampering",
	"medium",
	sprintf("%s modifies %s, an installed package", [c.name, p.path]),
) if {
	some c in lib.commands
	not c.name in data.config.bash.destructive_fs.deleters
	some p in lib.write_targets(c)
	some seg in cfg.installed_package_dirs
	contains(p.path, seg)
}
