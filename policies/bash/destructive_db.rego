# Dropping and truncating databases.
package toolgate.rules.bash.destructive_db

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.destructive_db

# A database client whose statements could not be read (a script from a file, a dynamic
# argument, a client the SQL producer does not read: redis-cli, mongosh) and destructive words
# anywhere in the command's text. Where the SQL was read (psql -c, mysql -e, sqlite3 DB "…",
# a static heredoc or stdin), the SQL producer's effects decide (effects.destructive_db.drop), so a
# SELECT that mentions "drop table" in a string is a SELECT.
findings contains lib.finding(
	"bash.destructive_db.destructive_sql",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s runs destructive SQL (DROP, TRUNCATE, DELETE without WHERE, FLUSHALL…)", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.clients
	not sql_read(c)
	some text in lib.command_texts
	lib.regex_match(cfg.destructive_sql_pattern, text)
}

sql_read(c) if {
	c.inline_code.language == "sql"
	trim_space(c.inline_code.code) != ""
}

# dropdb, mysqladmin drop, redis-cli flushall, rails db:drop, manage.py flush, prisma migrate reset …
specs := lib.index_specs(cfg.commands)

findings contains lib.finding(
	"bash.destructive_db.drop_command",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s %s drops, resets or wipes a database", [c.name, concat(" ", c.args)]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
}

# A framework's task that drops or wipes its database, whatever the framework
# (doctrine:schema:drop, migrate:fresh, ecto.reset, db:wipe): the task name says it. Text tools
# only mention such words, and a package script (npm run db:reset) is judged by package.json.
findings contains lib.finding(
	"bash.destructive_db.drop_task",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s %s drops, resets or wipes a database", [c.name, a]),
) if {
	some c in lib.commands
	not c.name in cfg.drop_task_ignored
	some a in c.args
	lib.regex_match(cfg.drop_task_pattern, a)
}

# UPDATE without WHERE rewrites every row: by the words, only for a client whose statements
# were not read (a script file, a dynamic argument, a client the SQL producer does not read);
# read statements are judged by effects.destructive_db.rewrite_all, so `UPDATE t SET a=1
# WHERE id=2` stays allowed and `update t set …` in any spacing or case is asked.
findings contains lib.finding(
	"bash.destructive_db.update_without_where",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s runs an UPDATE without WHERE", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.clients
	not sql_read(c)
	some text in lib.command_texts
	lib.regex_match(cfg.update_pattern, text)
	not lib.regex_match(`(?i)\bwhere\b`, text)
}

# A SQL file whose name says what it does (psql -f drop_all.sql, mysql < truncate.sql).
findings contains lib.finding(
	"bash.destructive_db.destructive_script",
	"ask",
	"destructive_db",
	"medium",
	sprintf("%s runs %s", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.clients
	some p in script_paths(c)
	lib.regex_match(cfg.destructive_script_pattern, p.basename)
}

script_paths(c) := {p | some p in c.paths} | {r.path | some r in c.redirects; not r.write; r.path != null}
