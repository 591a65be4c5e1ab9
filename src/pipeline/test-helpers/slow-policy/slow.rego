# A rule of the bash area that takes seconds on a call of more than 100 commands, and nothing on
# fewer: the whole evaluation of such a call runs out of time while its chunks (analysis-chunks.ts)
# are evaluated quickly. Only for the tests of bounded time.
package toolgate.rules.bash.slow_for_tests

import rego.v1

import data.toolgate.lib

findings contains lib.finding("test.slow", "ask", "resource_exhaustion", "low", "slow") if {
	count(lib.commands) > 100
	count({x | some x in numbers.range(1, 4000); some y in numbers.range(1, 4000); x == y}) > 0
}
