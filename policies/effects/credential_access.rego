# Stored credentials printed by a program that emits them (the command-knowledge table's
# `reveal` rules: `gh auth token`, `aws configure export-credentials`, `kubectl config view
# --raw`, a docker credential helper's `get`…), whatever the program.
package toolgate.rules.effects.credential_access

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

# Printed into the agent's context: the agent reads the credential (DESIGN.md: reading
# credentials is denied).
findings contains lib.finding(
	"effects.credential_access.revealed",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s prints a %s into the agent's context", [e.producer, e.secret]),
) if {
	some e in fx.of_type("reveal")
	e.to == "context"
}

# Captured into a variable, a pipe or a file: often legitimate (a bearer header to the
# provider's own API), so asked; where it is sent is judged by the exfiltration rules.
findings contains lib.finding(
	"effects.credential_access.captured",
	"ask",
	"credential_access",
	"high",
	sprintf("%s prints a %s into %s", [e.producer, e.secret, e.to]),
) if {
	some e in fx.of_type("reveal")
	e.to in {"pipe", "file"}
}

# A credential file or folder read by any producer: a program that reads its operands
# (`git diff --no-index /dev/null ~/.ssh/id_rsa`, `base64`, `split`, `tar -C ~ .gnupg`), inline
# code (`fs.readFileSync(os.homedir() + '/.ssh/id_rsa')`), a file sent as a body.
findings contains lib.finding(
	"effects.credential_access.read",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s reads %s, a credential store", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("read")
	credential_location(e.path)
	not metadata_only(e)
}

# A .env file read by code an interpreter runs (`open('.env')`, `dotenv_values()`,
# `require('dotenv').config()`, `Dotenv.load`): the same ask as `cat .env` (DESIGN.md: reading
# .env files). Shell programs that read it are judged by bash.credential_access.env_file.
findings contains lib.finding(
	"effects.credential_access.env_file_read",
	"ask",
	"credential_access",
	"medium",
	sprintf("%s reads %s, which usually holds secrets", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("read")
	startswith(e.producer, "code:")
	lib.env_file(e.path)
}

credential_location(p) if lib.credential_path(p)

credential_location(p) if lib.credential_dir(p)

# Programs that read only names, sizes or digests, never the content into the output.
metadata_only(e) if {
	startswith(e.producer, "knowledge:")
	substring(e.producer, 10, -1) in fx.cfg.metadata_readers
}
