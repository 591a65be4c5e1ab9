# Generated from real normalizer facts (the command is in each test's name and comment).
package toolgate.rules.bash.destructive_db

import rego.v1

# bash: {"command":"psql -c \"DROP TABLE users\""}
# The statement was read: the SQL producer's delete effect decides (effects.destructive_db.drop), not the words.
test_drop_table_left_to_the_sql_producer if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"psql -c \"DROP TABLE users\""},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"psql -c \"DROP TABLE users\"","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"psql","path":null,"argv":["psql","-c","DROP TABLE users"],"args":["-c","DROP TABLE users"],"flags":["c"],"operands":["DROP TABLE users"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":{"language":"sql","code":"DROP TABLE users","imports":[],"calls":[],"urls":[],"paths":[]},"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["psql"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"psql","argv":["psql","-c","DROP TABLE users"],"language":"sql","code":"DROP TABLE users","origin":"argv","script":null},{"type":"delete","producer":"code:sql","command":0,"path":{"raw":"db:*/users","path":"db:*/users","in_workspace":false,"in_home":false,"system":false,"is_root":false,"is_home":false,"is_workspace":false,"glob":true,"dynamic":false,"basename":"users"},"recursive":true}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_db.destructive_sql" in rules
}

# bash: {"command":"psql -c \"SELECT 1\""}
test_select_allowed if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"psql -c \"SELECT 1\""},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"psql -c \"SELECT 1\"","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"psql","path":null,"argv":["psql","-c","SELECT 1"],"args":["-c","SELECT 1"],"flags":["c"],"operands":["SELECT 1"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":{"language":"sql","code":"SELECT 1","imports":[],"calls":[],"urls":[],"paths":[]},"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["psql"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"psql","argv":["psql","-c","SELECT 1"],"language":"sql","code":"SELECT 1","origin":"argv","script":null}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	not "bash.destructive_db.destructive_sql" in rules
}

# bash: {"command":"redis-cli FLUSHALL"}
test_flushall_asks if {
	rules := {f.rule | some f in findings} with input as {"call":{"tool":"bash","kind":"bash","input":{"command":"redis-cli FLUSHALL"},"session_id":"t","agent_id":null},"facts":{"kind":"bash","command":"redis-cli FLUSHALL","cwd":"/home/dev/project","parse_error":false,"indeterminate":[],"signals":[],"commands":[{"id":0,"name":"redis-cli","path":null,"argv":["redis-cli","FLUSHALL"],"args":["FLUSHALL"],"flags":[],"operands":["FLUSHALL"],"dynamic_name":false,"wrappers":[],"assignments":{},"depth":0,"via":"script","parent":null,"redirects":[],"pipeline":null,"pipe_index":0,"background":false,"paths":[],"urls":[],"inline_code":null,"env_vars":[],"sources":[]}],"pipelines":[],"flows":[],"names":["redis-cli"],"secrets":[],"scripts":[],"effects":[{"producer":"bash","command":0,"type":"exec","program":"redis-cli","argv":["redis-cli","FLUSHALL"],"language":null,"code":null,"origin":"argv","script":null},{"producer":"knowledge:redis-cli","command":0,"type":"connect","host":"FLUSHALL","port":null,"url":null,"listen":false,"shell":false}]},"session":{},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"bash.destructive_db.drop_command" in rules
}
