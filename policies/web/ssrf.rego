# Requests that reach internal services instead of the internet.
package toolgate.rules.web.ssrf

import rego.v1

import data.toolgate.lib

url := input.facts.url if input.facts.kind == "web_fetch"

findings contains lib.finding(
	"web.ssrf.internal_address",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s reaches a %s address", [url.raw, url.ip_kind]),
) if url.ip_kind in data.config.web.blocked_ip_kinds

findings contains lib.finding(
	"web.ssrf.special_host",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s names the internal host %s", [url.raw, url.special_host]),
) if url.special_host != null

findings contains lib.finding(
	"web.ssrf.metadata_host",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s names the cloud metadata service %s", [url.raw, url.host]),
) if url.host in data.config.web.metadata_hosts

findings contains lib.finding(
	"web.ssrf.scheme",
	"deny",
	"ssrf",
	"high",
	sprintf("scheme %s is not allowed for web fetches", [url.scheme]),
) if {
	url.valid
	not url.scheme in data.config.web.allowed_schemes
}

findings contains lib.finding(
	"web.ssrf.invalid_url",
	"ask",
	"ssrf",
	"medium",
	"the URL could not be parsed",
) if {
	input.facts.kind == "web_fetch"
	not url.valid
}

# Ports that are not web ports on a public name: internal services exposed by mistake, or a probe.
findings contains lib.finding(
	"web.ssrf.unusual_port",
	"ask",
	"ssrf",
	"low",
	sprintf("%s uses port %v", [url.raw, url.port]),
) if {
	url.valid
	url.port != null
	not url.port in data.config.web.allowed_ports
}
