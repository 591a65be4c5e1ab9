# Helpers shared by every rule package. Nothing here decides.
package toolgate.lib

import rego.v1

# finding builds the one shape every rule emits.
finding(rule, action, category, severity, message) := {
	"rule": rule,
	"action": action,
	"category": category,
	"severity": severity,
	"message": message,
}

is_bash if input.facts.kind == "bash"

# A tool handed a command line or a container to start (mcp__shell__execute {command},
# mcp__docker__run_container {image, privileged}), and a write or edit of a container manifest
# (the `docker run` lines its loosened containers stand for), carry that command line's bash
# facts: the bash rules read them as they read the bash tool's.
is_bash if {
	input.facts.kind in {"other", "write", "edit"}
	is_array(input.facts.commands)
}

# The command text as written and the text of every nested script the walk read (`bash -c`'s
# argument decoded from `$'\x..'`, a heredoc or a decoded pipe into a shell, an eval'd string):
# rules that read command text read each, so a spelling that hides the text hides nothing.
command_texts contains input.facts.command if is_bash

command_texts contains t if {
	is_bash
	some t in object.get(input.facts, "scripts", [])
}

# Every simple command of a bash call, nested ones included (an array: each command once,
# by its id). Not a set: the WASM runtime finds the next element of a set by hashing the
# previous one, a whole command object, at every step of every rule that iterates commands.
commands := input.facts.commands if is_bash

else := []

# Commands by id, for following flows and parents.
command_by_id[c.id] := c if some c in commands

# Every command name that occurs (cheap dispatch: a rule group whose names do not occur is skipped).
names := {n | some n in object.get(input.facts, "names", [])}

# Some command of the call is named in the list.
any_named(list) if {
	some n in list
	n in names
}

# c was invoked as one of the names in the list.
named(c, names_list) if c.name in names_list

has_flag(c, f) if f in c.flags

has_arg(c, a) if a in c.args

# `item` matches `arg` exactly, or as a prefix when `item` ends with "*".
arg_matches(item, arg) if item == arg

arg_matches(item, arg) if {
	endswith(item, "*")
	startswith(arg, trim_suffix(item, "*"))
}

# "*text*": the argument holds the text (`*login item*` in an AppleScript, a key path's `*\\Run*`).
arg_matches(item, arg) if {
	startswith(item, "*")
	endswith(item, "*")
	count(item) > 2
	contains(arg, substring(item, 1, count(item) - 2))
}

# "*text": the argument ends with it (`*\\RunOnce`).
arg_matches(item, arg) if {
	startswith(item, "*")
	not endswith(item, "*")
	endswith(arg, substring(item, 1, -1))
}

# A command spec from data: {"command": name, "args_all": [...], "args_any": [...], "flags_any": [...], "args_none": [...]}.
# Every element of args_all occurs among the args; at least one of args_any / flags_any if given;
# none of args_none.
spec_matches(c, spec) if {
	every item in object.get(spec, "args_all", []) {
		some a in c.args
		arg_matches(item, a)
	}
	spec_any(c, spec)
	not spec_excluded(c, spec)
}

spec_excluded(c, spec) if {
	some item in object.get(spec, "args_none", [])
	some a in c.args
	arg_matches(item, a)
}

spec_any(_, spec) if {
	not spec.args_any
	not spec.flags_any
}

spec_any(c, spec) if {
	some item in spec.args_any
	some a in c.args
	arg_matches(item, a)
}

spec_any(c, spec) if {
	some f in spec.flags_any
	f in c.flags
}

# Index a list of specs by command name, so a rule looks up only the specs of c.name.
# Only the names of this call's commands are indexed: the WASM target recomputes the index
# on every evaluation, and indexing a whole table costs count(table)² comparisons while a
# call names a few commands. Lookups by c.name (c in commands) see the same lists. The names
# that have specs are found in one pass over the table (a set lookup per spec), and only their
# specs are gathered: a long call names many commands, and most tables hold none of them.
index_specs(specs) := {name: [s | some s in specs; s.command == name] |
	some name in {s.command | some s in specs; s.command in command_names}
}

command_names := {c.name | some c in commands}

# Commands of this call matched by a spec of the (indexed) table: [command, spec] pairs. An
# array: a set would hash and compare whole commands on every insertion.
matched_specs(table) := [[c, s] |
	some c in commands
	some s in table[c.name]
	spec_matches(c, s)
]

# ---------------------------------------------------------------- data flow

# a's output reaches b: earlier in the same pipeline, or through a recorded flow
# (pipe, command/process substitution, heredoc, here-string). The bash normalizer lists each
# command's sources (c.sources), so that following a flow is a lookup: scanning every command
# for every sink made rules quadratic in the number of commands. Facts without the list (made
# by hand, or a pipeline too long to list) are scanned as before.
feeds(a, b) if {
	listed_sources(b)
	a.id in b.sources
}

feeds(a, b) if {
	not listed_sources(b)
	scanned_feeds(a, b)
}

listed_sources(c) if {
	is_array(c.sources)
	not c.sources_truncated
}

scanned_feeds(a, b) if {
	a.pipeline != null
	a.pipeline == b.pipeline
	a.pipe_index < b.pipe_index
}

scanned_feeds(a, b) if a.id in object.get(flow_sources, b.id, set())

# The ids of the commands whose output reaches a command through a recorded flow, by the
# command's id, for facts without c.sources.
flow_sources := {to: {f.from | some f in input.facts.flows; f.to == to} | some g in input.facts.flows; to := g.to}

# The commands feeding c (upstream in its pipeline or through a flow).
sources(c) := [command_by_id[i] | some i in c.sources] if listed_sources(c)

else := [a | some a in commands; scanned_feeds(a, c)]

# The wrapper chain and nesting of a command are the same invocation: `sudo bash` yields
# a "sudo" entry and a "bash" entry with parent = sudo.
ancestors(c) := [a | some a in commands; a.id == c.parent]

# ---------------------------------------------------------------- paths

expand_home(g) := concat("", [input.context.home, substring(g, 1, -1)]) if startswith(g, "~/")

expand_home(g) := input.context.home if g == "~"

expand_home(g) := g if not startswith(g, "~")

# ---------------------------------------------------------------- globs
#
# opa-wasm compiles every glob.match pattern again on every evaluation (its cache lives on
# the heap that is reset before each one), so a glob from data is compiled only when its
# literal text fits the subject. A glob matches only strings that start with its text
# before the first special character and end with its text after the last one (specials:
# * ? [ ] { } and the escape \); a glob without any is an equality test. These guards are
# implied by the match, so they never drop one; they only skip compiling globs that cannot.

# g has no special character: glob.match(g, _, s) is s == g.
literal_glob(g) if {
	not contains(g, "*")
	not contains(g, "?")
	not contains(g, "[")
	not contains(g, "{")
	not contains(g, "\\")
}

# Every glob of the list uses * as its only special character (true of the shipped lists):
# split on * then gives each glob's literal prefix and suffix directly. One test over the
# joined list instead of one per glob, and one scan of it: a character class, compiled once
# per evaluation, instead of four contains() (each a scan of the whole text; this test ran for
# every path and list and was a sixth of a long bash call's evaluation).
star_only(list) if not regex.match(`[?\[{\\]`, concat("\n", list))

# The globs of the list with a special character whose literal prefix and suffix fit one of
# the subject's forms (a path is compared as it is and relative to home). Wildcard-free
# globs are not among them: glob_any tests those by equality.
glob_candidates(list, forms) := entry_candidates(glob_entry(list), list, forms)

# The build's index of a glob list (src/policy/glob-index.ts: each glob's literal parts,
# split once at build instead of for every path and list on every evaluation, since the WASM
# target does not memoize a function's result), found by the list's first and last glob and
# compared whole (one comparison of strings, no copy); a list the index does not hold as it is
# gets {"plain": true}, and the functions below scan it instead.
glob_entry(list) := entry if {
	some entry in data.toolgate_glob_index[concat("\u0000", [list[0], list[count(list) - 1]])]
	entry.globs == list
} else := {"plain": true}

entry_candidates(entry, list, forms) := [c[0] |
	some s in forms
	some bucket in entry_buckets(entry, s)
	some c in bucket
	startswith(s, c[1])
	endswith(s, c[2])
	not missing_part(c[3], s)
] if {
	not entry.plain
} else := scanned_candidates(list, forms)

# The index's globs that can fit s: those whose prefix starts as s does, those whose suffix
# ends as s does, and those with neither part as long as the key.
entry_buckets(entry, s) := [
	object.get(entry.by_prefix, substring(s, 0, entry.k), []),
	object.get(entry.by_suffix, substring(s, n - entry.k, entry.k), []),
	entry.rest,
] if {
	n := count(s)
	n >= entry.k
} else := [entry.rest]

# g is one of the list's globs without wildcards.
literal_member(entry, _, g) if entry.literals[g]

literal_member(entry, list, g) if {
	entry.plain
	g in list
	literal_glob(g)
}

# g is one of the list's globs.
member_glob(entry, _, g) if entry.members[g]

member_glob(entry, list, g) if {
	entry.plain
	g in list
}

# The list holds the glob d/**.
dir_member(entry, _, d) if entry.dirs[d]

dir_member(entry, list, d) if {
	entry.plain
	concat("", [d, "/**"]) in list
}

scanned_candidates(list, forms) := [g |
	some g in list
	parts := split(g, "*")
	_ = parts[1]
	some s in forms
	startswith(s, parts[0])
	endswith(s, parts[count(parts) - 1])
	not missing_part(parts, s)
] if {
	star_only(list)
} else := [g |
	some g in list
	not literal_glob(g)
	some s in forms
	glob_text_fits(g, s)
]

# The literal text between two * of a glob occurs in every string it matches
# (/home/*/.ssh/id_* needs "/.ssh/id_").
missing_part(parts, s) if {
	some part in parts
	not contains(s, part)
}

# A glob with escapes is always tried (no guard).
glob_text_fits(g, _) if contains(g, "\\")

glob_text_fits(g, s) if {
	not contains(g, "\\")
	parts := split(strings.replace_n(glob_marks, g), "*")
	startswith(s, parts[0])
	endswith(s, array.reverse(parts)[0])
}

# Every special character but the escape, rewritten to * so that one split finds them all.
glob_marks := {"?": "*", "[": "*", "]": "*", "{": "*", "}": "*"}

# s matches one of the globs of the list: the same as `some g in list; glob.match(g, delimiters, s)`.
glob_any(list, delimiters, s) if glob_any_entry(glob_entry(list), list, delimiters, s)

glob_any_entry(entry, list, _, s) if literal_member(entry, list, s)

glob_any_entry(entry, list, delimiters, s) if {
	some g in entry_candidates(entry, list, [s])
	glob.match(g, delimiters, s)
}

# ---------------------------------------------------------------- regexes

# Small patterns without literal hints, as string built-ins: opa-wasm compiles a regex again on
# every evaluation, and these ran for every argument of long calls (a seventh of their tail).

# s is one or more ASCII digits: regex.match(`^[0-9]+$`, s).
digits(s) if only_chars(s, "0123456789")

# s is digits, a dash and digits: regex.match(`^[0-9]+-[0-9]+$`, s).
digit_range(s) if {
	parts := split(s, "-")
	count(parts) == 2
	digits(parts[0])
	digits(parts[1])
}

# s is not empty and has only characters of chars: regex.match(`^[<chars>]+$`, s).
only_chars(s, chars) if {
	s != ""
	trim_left(s, chars) == ""
}

# s starts with one of the characters of chars: regex.match(`^[<chars>]`, s).
starts_with_one_of(s, chars) if {
	s != ""
	contains(chars, substring(s, 0, 1))
}

# \w (ASCII letters, digits, _) and . / ~ -: the characters of `^[\w./~-]+$`.
word_path_chars := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./~-"


# regex.match(pattern, s), behind literal hints from data. opa-wasm compiles a regex again on
# every evaluation; config.regex_hints[pattern] lists lowercase strings of which every match
# of that exact pattern contains one, so a subject that holds none of them cannot match and
# skips the compile. The hints are keyed by the pattern's text: an operator who changes a
# pattern in data gets no hints for it (plain regex.match) rather than stale ones.
#
# A large alternation costs most to compile, and a subject often holds the hint of one of its
# alternatives only. config.regex_alternatives[pattern] (derived by the same script) lists parts
# of the pattern, each a smaller regex with its own hints, of which the pattern matches exactly
# when one part does ((?i)(a|b): (?i)(?:a), (?i)(?:b)).
regex_match(pattern, s) if {
	parts := data.config.regex_alternatives[pattern]
	regex_match_fitting(pattern, fitting_parts(parts, s), s)
}

# The parts whose hints fit s (a subject with a character that case folding maps to ASCII fits
# every part: may_match_lowered's test, made once per subject instead of once per part).
fitting_parts(parts, s) := [part.regex | some part in parts] if {
	case_folds_to_ascii(s)
} else := [part.regex | some part in parts; hints_fit(part.hints, lowered)] if {
	lowered := lower(s)
}

hints_fit(hints, _) if count(hints) == 0

hints_fit(hints, lowered) if {
	some h in hints
	contains(lowered, h)
}

case_folds_to_ascii(s) if contains(s, "\u017f")

case_folds_to_ascii(s) if contains(s, "\u212a")

# When the hints of one part only fit, that part alone is compiled; when several fit, their
# alternation, once (each part in its own group, so that one part's flags stay its own): a part
# whose hints do not fit cannot match, so the fitting parts match exactly when the whole pattern
# does, and compiling two or three small parts costs a fraction of the whole (a 24-part pattern
# took ~340 µs to compile, whenever code held two of its words). A subject so never compiles more
# than one regex per pattern, as before the split: the WASM runtime fails an evaluation that has
# compiled more than about a hundred distinct regexes once it looks one of them up again (OPA's
# regex cache; docs/benchmarks.md).
regex_match_fitting(_, fitting, s) if {
	count(fitting) == 1
	regex.match(fitting[0], s)
}

regex_match_fitting(_, fitting, s) if {
	count(fitting) > 1
	regex.match(concat("|", [concat("", ["(?:", part, ")"]) | some part in fitting]), s)
}

regex_match(pattern, s) if {
	not data.config.regex_alternatives[pattern]
	may_match(object.get(data.config, ["regex_hints", pattern], []), s)
	regex.match(pattern, s)
}

may_match(hints, s) if may_match_lowered(hints, lower(s), s)

# No hints: always tried.
may_match_lowered(hints, _, _) if count(hints) == 0

may_match_lowered(hints, lowered, _) if {
	some h in hints
	contains(lowered, h)
}

# Case-insensitive matching also folds U+017F (long s) to s and U+212A (Kelvin sign) to k,
# which lower() does not: a subject with either is always tried.
may_match_lowered(_, _, s) if contains(s, "\u017f")

may_match_lowered(_, _, s) if contains(s, "\u212a")

# ---------------------------------------------------------------- path globs

# Path globs of data are written relative to home ("~/.ssh/id_*") or absolute.
# path_in_globs(p, list) is the same as path_matches(p, compile_globs(list)) without
# expanding the whole list on every evaluation: a home-relative glob is compared with the
# path written relative to home (~/…), and only the globs whose literal text fits are expanded.
path_in_globs(p, list) if {
	home_is_literal
	path_in_entry(p.path, list, glob_entry(list))
}

path_in_entry(path, list, entry) if path_in_globs_guarded(path_forms(path), path, list, entry)

# Another account's home (/home/<user>, /Users/<user>, /root, /mnt/c/Users/<user>): the home-relative globs name the
# same files there. Another user's keys are credentials too, and a macOS home
# (/Users/dev/Library/Keychains) is one whatever home the gateway was told.
path_in_entry(path, list, entry) if {
	[home, form] := other_home_form(path)
	other_home_in(home, form, path, list, entry)
}

other_home_in(home, form, path, list, entry) if {
	some g in array.concat([form], entry_candidates(entry, list, [form]))
	member_glob(entry, list, g)
	glob.match(concat("", [home, substring(g, 1, -1)]), ["/"], path)
}

other_home_in(_, form, _, list, entry) if dir_member(entry, list, form)

other_home_form(path) := [home, concat("", ["~", substring(path, count(home), -1)])] if {
	not startswith(path, concat("", [input.context.home, "/"]))
	parts := split(path, "/")
	parts[1] in {"home", "Users"}
	parts[2] != ""
	_ = parts[3]
	home := concat("/", ["", parts[1], parts[2]])
} else := [home, concat("", ["~", substring(path, 5, -1)])] if {
	not startswith(path, concat("", [input.context.home, "/"]))
	startswith(path, "/root/")
	home := "/root"
} else := [home, concat("", ["~", substring(path, count(home), -1)])] if {
	# A Windows or other-system home mounted into WSL or a container (/mnt/c/Users/dev,
	# /mnt/wsl/home/dev): the same dot-folders hold the same keys there.
	not startswith(path, concat("", [input.context.home, "/"]))
	startswith(path, "/mnt/")
	parts := split(path, "/")
	parts[2] != ""
	parts[3] in {"home", "Users"}
	parts[4] != ""
	_ = parts[5]
	home := concat("/", ["", "mnt", parts[2], parts[3], parts[4]])
}

# A home with glob characters in it changes what an expanded glob means, and without a
# home only absolute globs can match: no guards then.
path_in_globs(p, list) if {
	not home_is_literal
	path_matches(p, compile_globs(list))
}

home_is_literal if literal_glob(input.context.home)

# The forms a path is compared in: as it is, and relative to home ("~/…") when under home.
path_forms(path) := [path, concat("", ["~", substring(path, count(input.context.home), -1)])] if {
	startswith(path, input.context.home)
} else := [path]

# A wildcard-free glob naming the path (forms: path_forms(path), computed once for the three tests).
path_in_globs_guarded(forms, path, list, entry) if {
	some f in forms
	literal_member(entry, list, f)
	expand_home(f) == path
}

# A glob whose literal text fits the path (or its ~/ form), expanded and matched.
path_in_globs_guarded(forms, path, list, entry) if {
	some g in entry_candidates(entry, list, forms)
	glob.match(expand_home(g), ["/"], path)
}

# The directory itself of a "dir/**" glob (cp x /etc/cron.d/ writes into it).
path_in_globs_guarded(forms, path, list, entry) if {
	some f in forms
	dir_member(entry, list, f)
	e := expand_home(concat("", [f, "/**"]))
	endswith(e, "/**")
	path == trim_suffix(e, "/**")
}

# Older helpers, kept for custom packages that use them: a list expanded against home
# with each glob's literal prefix, and a match against it.
# The literal part of a glob up to its first wildcard: a path can only match when it
# starts with it (a cheap test before glob.match).
glob_prefix(g) := substring(g, 0, first_wildcard(g))

first_wildcard(g) := min(array.concat([count(g)], [i |
	some ch in ["*", "?", "["]
	i := indexof(g, ch)
	i >= 0
]))

# Globs of a data list, expanded against home, with their literal prefix.
compile_globs(list) := [{"glob": e, "prefix": glob_prefix(e)} |
	some g in list
	e := expand_home(g)
]

# p matches one of the compiled globs (also the directory a glob names, written without wildcard).
path_matches(p, compiled) if {
	some g in compiled
	startswith(p.path, g.prefix)
	glob.match(g.glob, ["/"], p.path)
}

# The directory itself of a "dir/**" glob (cp x /etc/cron.d/ writes into it).
path_matches(p, compiled) if {
	some g in compiled
	endswith(g.glob, "/**")
	p.path == trim_suffix(g.glob, "/**")
}

credential_dirs := [expand_home(d) | some d in data.config.paths.credential_dirs]

# p is a credential location: matches a glob of config.paths.credential_globs,
# written relative to home ("~/.ssh/id_*") or absolute.
credential_path(p) if {
	credential_candidate(p)
	path_in_globs(p, data.config.paths.credential_globs)
	not credential_exception(p)
}

# Cheap filter before the glob table: credential stores live outside the workspace or in a
# hidden directory/file (~/.ssh, .aws, .netrc). An ordinary workspace file skips the table.
credential_candidate(p) if not p.in_workspace

credential_candidate(p) if contains(p.path, "/.")

# Public halves of key pairs and similar non-secrets that sit among credentials.
credential_exception(p) if glob_any(data.config.paths.credential_exceptions, [], p.basename)

# p is a directory that holds credentials (~/.ssh, ~/.aws…) taken as a whole, or a glob inside it
# (~/.ssh/*). Single files inside are judged by credential_globs.
credential_dir(p) if p.path in credential_dirs

credential_dir(p) if {
	p.glob
	some d in credential_dirs
	path_under(p.path, d)
}

# The same folder in another account's home (/home/bob/.aws, /Users/alice/.gnupg, ~bob/.ssh).
credential_dir(p) if {
	[_, form] := other_home_form(p.path)
	form in data.config.paths.credential_dirs
}

# A cache under home (~/.cache, ~/.npm/_cacache…): regenerable, deleting it is routine.
cache_dirs := [expand_home(d) | some d in data.config.paths.cache_dirs]

cache_path(p) if {
	some d in cache_dirs
	path_under(p.path, d)
}

# /proc/<pid>/… and /dev/mem-like paths (a cheap test before the regex).
process_memory_candidate(p) if startswith(p.path, "/proc/")

process_memory_candidate(p) if startswith(p.path, "/dev/")

# An environment file (.env, .env.local…) that is not a committed template.
env_file(p) if {
	env_file_candidate(p.basename)
	glob_any(data.config.paths.env_file_names, [], p.basename)
	not p.basename in data.config.paths.env_file_templates
	not env_file_template(p.basename)
}

# `.env.production.example`, `.env.staging.tpl`: a committed template, whatever its middle.
env_file_template(b) if {
	some suffix in data.config.paths.env_file_template_suffixes
	endswith(b, suffix)
}

# A glob that names env files among others (`cat .env*`, `grep -r TOKEN .env.*`, a Grep tool's
# `.env*`): it reads whichever of them exist (config.paths.env_file_samples: the real names).
env_file(p) if {
	p.glob
	env_file_candidate(p.basename)
	some sample in data.config.paths.env_file_samples
	glob.match(p.basename, [], sample)
}

# A cheap test before the globs: every env_file_names entry holds one of these words
# (.env, .envrc, wrangler's .dev.vars, act's .secrets).
env_file_candidate(b) if contains(b, "env")

env_file_candidate(b) if contains(b, "vars")

env_file_candidate(b) if contains(b, "secrets")

# A path whose destruction is irreversible damage: /, home, a protected system location
# or a parent of the workspace. The workspace itself and what it holds are never "protected".
protected_path(p) if p.is_root

protected_path(p) if p.is_home

protected_path(p) if {
	not p.in_workspace
	some prefix in data.config.paths.protected_prefixes
	path_under(p.path, prefix)
}

# A parent of the workspace (deleting it deletes the workspace and more).
protected_path(p) if {
	not p.in_workspace
	some root in workspace_roots
	path_under(root, p.path)
}

workspace_roots := object.get(input.context, "workspace_roots", [input.context.cwd])

path_under(path, prefix) if path == prefix

path_under(path, prefix) if startswith(path, concat("", [trim_suffix(prefix, "/"), "/"]))

# Scratch space (/tmp…) where deleting and writing is routine. It never lifts the protection
# of the home folder, the workspace or their parents: homes and checkouts under /tmp are
# common in CI and sandboxes.
scratch(p) if {
	some prefix in data.config.paths.scratch_prefixes
	path_under(p.path, prefix)
	p.path != prefix
	not p.in_home
	not p.in_workspace
	not holds_protected_root(p)
}

# p is a parent of the home folder or of a workspace root.
holds_protected_root(p) if path_under(input.context.home, p.path)

holds_protected_root(p) if {
	some root in workspace_roots
	path_under(root, p.path)
}

# Pseudo files that are not storage (/dev/null, /dev/stdout…).
harmless_device(p) if p.path in data.config.paths.harmless_devices

# The last path segment is a regenerable output (node_modules, dist, caches…).
regenerable(p) if p.basename in data.config.paths.regenerable_dirs

regenerable(p) if glob_any(data.config.paths.regenerable_globs, [], p.basename)

# A path inside a regenerable directory of the workspace (node_modules/foo, dist/x.js).
inside_regenerable(p) if {
	p.in_workspace
	some seg in split(p.path, "/")
	seg in data.config.paths.regenerable_dirs
}

# Protected write locations by category (persistence, privilege_escalation, …): config.paths.sensitive_writes.
sensitive_write_categories(p) := {category |
	some category, globs in data.config.paths.sensitive_writes
	path_in_globs(p, globs)
}

# ---------------------------------------------------------------- secrets

# Secret findings that count (indeterminate scan markers and ignored types excluded).
real_secrets(list) := [s | some s in list; not s.type in data.config.secrets.ignore_types; not s.type in data.config.secrets.indeterminate_types]

indeterminate_secrets(list) := [s | some s in list; s.type in data.config.secrets.indeterminate_types]

# ---------------------------------------------------------------- options and write targets

# Values given to one of the options in `opts` ("-o", "--output"): `-o v`, `--output=v`, `-ov`.
option_values(c, opts) := {v |
	some i, a in c.args
	a in opts
	v := c.args[i + 1]
} | {v |
	some a in c.args
	some o in opts
	startswith(o, "--")
	startswith(a, concat("", [o, "="]))
	v := substring(a, count(o) + 1, -1)
} | {v |
	some a in c.args
	some o in opts
	not startswith(o, "--")
	count(o) == 2
	startswith(a, o)
	count(a) > 2
	not startswith(a, "--")
	v := substring(a, 2, -1)
}

# Paths c writes to: write redirections, the destination of cp/mv/ln/install, every
# operand of tee/truncate, sed -i's files, dd of=, download tools' output options.
write_targets(c) := write_targets_by_id[c.id] if {
	command_by_id[c.id] == c
} else := targets_written(c)

# Computed once per evaluation for the call's commands: many rules ask for them
# (the WASM target does not memoize function calls).
write_targets_by_id[c.id] := targets_written(c) if some c in commands

targets_written(c) := ((redirect_targets(c) | operand_targets(c)) | option_targets(c)) | effect_targets(c)

# What the producers state this command writes (the knowledge tables read every option
# spelling: `curl -sSo f`, `--output=f`, glued values), so a rule over write targets is never
# narrower than the write effects of the same command. Making a folder (mkdir) writes no
# content, and a path only known at run time is the effect rules' to judge: neither is taken here.
effect_targets(c) := object.get(knowledge_writes_by_command, c.id, set()) if not c.name in writers.directory_makers

else := set()

# Grouped once per evaluation: a call's commands each look up their own writes instead of
# scanning every effect (commands × effects on a long call).
knowledge_writes_by_command[id] := {e.path |
	some e in object.get(input.facts, "effects", [])
	e.command == id
	e.type == "write"
	not object.get(e, "stored", false)
	startswith(e.producer, "knowledge:")
	not e.path.dynamic
} if {
	some e in object.get(input.facts, "effects", [])
	e.type == "write"
	id := e.command
}

redirect_targets(c) := {p |
	some r in c.redirects
	r.write
	p := r.path
	p != null
}

writers := data.config.bash.writers

operand_targets(c) := {p |
	c.name in writers.last_operand
	n := count(c.operands)
	n >= 2
	some p in c.paths
	p.raw == c.operands[n - 1]
} | {p |
	c.name in writers.all_operands
	some p in c.paths
	p.raw in c.operands
} | {p |
	c.name in writers.in_place
	in_place(c)
	some p in c.paths
	p.raw in array.slice(c.operands, 1, count(c.operands))
}

in_place(c) if has_flag(c, "i")

in_place(c) if has_flag(c, "--in-place")

in_place(c) if {
	some a in c.args
	startswith(a, "-i")
}

option_targets(c) := {p |
	opts := writers.output_options[c.name]
	values := option_values(c, opts)
	some p in c.paths
	p.raw in values
} | {p |
	c.name == "dd"
	some a in c.args
	startswith(a, "of=")
	some p in c.paths
	p.raw == substring(a, 3, -1)
}

# p lies in a protected write location of the given category.
sensitive_write_in(p, category) if path_in_globs(p, data.config.paths.sensitive_writes[category])

# Write targets of a bash call in a protected location of the category: [command, path] pairs
# (an array, for the reason given at matched_specs).
bash_writes_in(category) := [[c, p] |
	some c in commands
	some p in write_targets(c)
	sensitive_write_in(p, category)
]

# A PathFact-like object for a path found inside an argument (curl -F f=@~/.ssh/id_rsa), resolved
# against home and cwd lexically. Enough for credential/env-file tests; no workspace facts.
pseudo_path(raw) := {"raw": raw, "path": abs, "basename": base, "glob": false, "dynamic": contains(raw, "$")} if {
	abs := absolute(raw)
	parts := split(abs, "/")
	base := parts[count(parts) - 1]
}

absolute(raw) := concat("", [input.context.home, substring(raw, 1, -1)]) if startswith(raw, "~/")

absolute(raw) := raw if startswith(raw, "/")

absolute(raw) := concat("/", [input.context.cwd, trim_prefix(raw, "./")]) if {
	not startswith(raw, "/")
	not startswith(raw, "~/")
}

# Files outside the workspace that everyday tools append to (~/.ssh/known_hosts…).
routine_home_write(p) if path_in_globs(p, data.config.paths.routine_home_writes)

# A file that by its name holds a key or secret state (prod.key, keystore.jks, terraform.tfstate),
# wherever it is; reading it is often legitimate, so rules ask.
secret_file(p) if {
	glob_any(data.config.paths.secret_file_names, [], p.basename)
	not credential_exception(p)
}

# An absolute path written with empty or "." segments (`/./etc`, `//var//run/docker.sock`) as the
# one path it names; a path with ".." is returned as written, unresolved.
clean_path(p) := p if not startswith(p, "/")

clean_path(p) := p if {
	startswith(p, "/")
	".." in split(p, "/")
}

clean_path(p) := concat("", ["/", concat("/", parts)]) if {
	startswith(p, "/")
	not ".." in split(p, "/")
	parts := [x | some x in split(p, "/"); x != ""; x != "."]
}
