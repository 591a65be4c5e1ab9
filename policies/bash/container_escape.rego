# Breaking out of a container to the host.
package toolgate.rules.bash.container_escape

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.container_escape

# nsenter into PID 1's namespaces (the host when run in a container with hostPID).
findings contains lib.finding(
	"bash.container_escape.nsenter_host",
	"deny",
	"container_escape",
	"critical",
	"nsenter enters the namespaces of PID 1, the host",
) if {
	some c in lib.commands
	c.name == "nsenter"
	host_target(c)
}

host_target(c) if "1" in lib.option_values(c, {"-t", "--target"})

host_target(c) if {
	some a in c.args
	contains(a, "/proc/1/")
}

host_target(c) if lib.has_flag(c, "a")

runtimes := [c | some c in lib.commands; c.name in cfg.runtimes]

# Mounting the host root, the container runtime socket, or host devices into a container.
findings contains lib.finding(
	"bash.container_escape.host_mount",
	"deny",
	"container_escape",
	"critical",
	sprintf("%s mounts %s from the host into a container", [c.name, v]),
) if {
	some c in runtimes
	some v in lib.option_values(c, cfg.mount_options)
	dangerous_mount(v)
}

dangerous_mount(v) if {
	src := lib.clean_path(mount_source(v))
	some d in cfg.dangerous_mount_sources
	src == d
}

dangerous_mount(v) if {
	src := lib.clean_path(mount_source(v))
	some d in cfg.dangerous_mount_prefixes
	startswith(src, d)
}

# "-v /:/host", "--mount type=bind,source=/,target=/host".
mount_source(v) := trim_suffix(split(v, ":")[0], "/") if {
	not contains(v, "source=")
	not contains(v, "src=")
	startswith(v, "/")
	not startswith(v, "/:")
}

mount_source(v) := "/" if {
	not contains(v, "source=")
	not contains(v, "src=")
	startswith(v, "/:")
}

mount_source(v) := trim_suffix(src, "/") if {
	some part in split(v, ",")
	kv := split(part, "=")
	kv[0] in {"source", "src"}
	src := kv[1]
	src != "/"
}

mount_source(v) := "/" if {
	some part in split(v, ",")
	part in {"source=/", "src=/"}
}

# Privileged containers or host namespaces: ask (deny when combined with a host mount, above).
findings contains lib.finding(
	"bash.container_escape.privileged",
	"ask",
	"container_escape",
	"high",
	sprintf("%s %s weakens the container boundary", [c.name, a]),
) if {
	some c in runtimes
	some a in c.args
	some f in cfg.privileged_flags
	lib.arg_matches(f, a)
}

findings contains lib.finding(
	"bash.container_escape.privileged_host_access",
	"deny",
	"container_escape",
	"critical",
	sprintf("%s runs a privileged container with host access", [c.name]),
) if {
	some c in runtimes
	some a in c.args
	lib.arg_matches("--privileged*", a)
	some b in c.args
	some f in cfg.host_namespace_flags
	lib.arg_matches(f, b)
}

# Talking to the container runtime socket directly (curl --unix-socket /var/run/docker.sock).
findings contains lib.finding(
	"bash.container_escape.runtime_socket",
	"deny",
	"container_escape",
	"critical",
	sprintf("%s talks to the container runtime socket %s", [c.name, a]),
) if {
	some c in lib.commands
	not c.name in cfg.runtimes
	some a in c.args
	some s in cfg.runtime_sockets
	contains(a, s)
}

# cgroup release_agent, core_pattern, /proc/1/root, host /sys writes: classic breakout primitives.
findings contains lib.finding(
	"bash.container_escape.breakout_primitive",
	"deny",
	"container_escape",
	"critical",
	"the command touches a container breakout primitive (release_agent, core_pattern, /proc/1/root …)",
) if {
	lib.is_bash
	some m in cfg.breakout_markers
	some text in touched_texts
	contains(text, m)
}

# The text as written and every analysed word and redirect target: a marker spelled so that
# the text hides it (`'/''proc/1/root'`, `$'\x2f…'`, a nested shell's decoded script) is still seen.
touched_texts contains t if some t in lib.command_texts

touched_texts contains w if {
	some c in lib.commands
	some w in c.argv
}

touched_texts contains r.target if {
	some c in lib.commands
	some r in c.redirects
}

# Mounting host filesystems or cgroups from inside (mount /dev/sda1 /mnt, mount -t cgroup).
findings contains lib.finding(
	"bash.container_escape.mount",
	"ask",
	"container_escape",
	"high",
	sprintf("mount %s attaches a filesystem", [concat(" ", c.operands)]),
) if {
	some c in lib.commands
	c.name == "mount"
	count(c.operands) > 0
}

# A pod spec that is privileged and joins the host's namespaces or enters pid 1's (hostPID with
# nsenter -t 1, a privileged container mounting the host's root): the pod is the host
# (DESIGN.md: nsenter -t 1, privileged containers mounting /).
findings contains lib.finding(
	"bash.container_escape.kubectl_host_escape",
	"deny",
	"container_escape",
	"critical",
	"kubectl starts a privileged pod that reaches into the host",
) if {
	some c in lib.commands
	c.name in {"kubectl", "oc"}
	some a in c.args
	lib.regex_match(cfg.kube_privileged_pattern, a)
	every pattern in cfg.kube_host_escape_patterns {
		lib.regex_match(pattern, a)
	}
}

# A node debug pod (`kubectl debug node/x`) mounts the host's root at /host and shares its
# namespaces; a command that enters it (chroot /host, nsenter -t 1) is a root shell on the node.
findings contains lib.finding(
	"bash.container_escape.node_debug_host_shell",
	"deny",
	"container_escape",
	"critical",
	sprintf("kubectl debug %s runs %s inside the node's root", [node, entry]),
) if {
	some c in lib.commands
	c.name in {"kubectl", "oc"}
	"debug" in c.operands
	some node in c.operands
	startswith(node, "node/")
	some i, a in c.args
	a == "--"
	some j, entry in c.args
	j > i
	entry in cfg.host_entry_commands
}

# A block device mounted, then a root changed into it (`mount /dev/sda1 /mnt && chroot /mnt`):
# from a container that is the host's disk, from a host it is another system's root.
findings contains lib.finding(
	"bash.container_escape.mounted_disk_root",
	"deny",
	"container_escape",
	"critical",
	sprintf("chroot into %s, where %s was just mounted", [point, device]),
) if {
	some m in lib.commands
	m.name == "mount"
	some d in m.paths
	startswith(d.path, "/dev/")
	device := d.path
	some pt in m.paths
	not startswith(pt.path, "/dev/")
	point := pt.path
	some r in lib.commands
	r.name in cfg.host_entry_commands
	r.id > m.id
	some rp in r.paths
	rp.path == point
}

# kubectl run/debug with host namespaces or privileged overrides.
findings contains lib.finding(
	"bash.container_escape.kubectl_privileged",
	"ask",
	"container_escape",
	"high",
	"kubectl starts a pod with host access or privileges",
) if {
	some c in lib.commands
	c.name in {"kubectl", "oc"}
	some a in c.args
	lib.regex_match(cfg.kube_privileged_pattern, a)
}
