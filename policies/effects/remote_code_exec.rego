# Code that runs from the network or from decoded text, whichever program runs it; a
# connection wired to a shell (reverse and bind shells); code whose text is produced at
# run time by a process substitution.
package toolgate.rules.effects.remote_code_exec

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

runs_code(e) if e.language != null

runs_code(e) if e.program in data.config.bash.code_runners

findings contains lib.finding(
	"effects.remote_code_exec.fetched_code",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("%s runs code fetched from the network", [e.program]),
) if {
	some e in fx.of_type("exec")
	e.origin == "network"
	runs_code(e)
}

# A file this command line fetched, then run (`git clone URL d && bash d/install.sh`,
# `curl -o f URL; sh f`, `make -C d install`): the file itself is the code that runs.
findings contains lib.finding(
	"effects.remote_code_exec.fetched_file",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("%s runs %s, which this command line fetched from the network", [e.program, run_target(e)]),
) if {
	some e in fx.of_type("exec")
	e.origin == "fetched"
}

run_target(e) := e.script.path if e.script != null

else := e.program

findings contains lib.finding(
	"effects.obfuscation.decoded_code",
	"deny",
	"obfuscation",
	"critical",
	sprintf("%s runs code decoded at run time", [e.program]),
) if {
	some e in fx.of_type("exec")
	e.origin == "decoded"
	runs_code(e)
}

findings contains lib.finding(
	"effects.remote_code_exec.substituted_script",
	"ask",
	"remote_code_exec",
	"high",
	sprintf("%s runs a script produced by a process substitution", [e.program]),
) if {
	some e in fx.of_type("exec")
	e.origin == "process_substitution"
	runs_code(e)
}

findings contains lib.finding(
	"effects.reverse_shell.connection_shell",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("a connection to %s is wired to a shell", [e.host]),
) if {
	some e in fx.of_type("connect")
	e.shell
}
