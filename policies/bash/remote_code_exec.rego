# Running code fetched from the network or decoded on the fly.
package toolgate.rules.bash.remote_code_exec

import rego.v1

import data.toolgate.lib

cmd(id) := c if {
	some c in lib.commands
	c.id == id
}

runs_code(c) if lib.named(c, data.config.bash.interpreters)

runs_code(c) if lib.named(c, data.config.bash.shells)

findings contains lib.finding(
	"bash.remote_code_exec.download_to_interpreter",
	"deny",
	"remote_code_exec",
	"critical",
	sprintf("output of %s flows into %s: running code fetched from the network", [src.name, dst.name]),
) if {
	some f in input.facts.flows
	src := cmd(f.from)
	dst := cmd(f.to)
	lib.named(src, data.config.bash.download_tools)
	runs_code(dst)
}

findings contains lib.finding(
	"bash.remote_code_exec.decode_to_interpreter",
	"deny",
	"obfuscation",
	"critical",
	sprintf("decoded data from %s flows into %s", [src.name, dst.name]),
) if {
	some f in input.facts.flows
	src := cmd(f.from)
	dst := cmd(f.to)
	lib.named(src, data.config.bash.decoders)
	runs_code(dst)
}
