/**
 * Environment variables that change what a program runs or loads: the one table. A variable
 * here has the same effects however it reaches the command: `NAME=value cmd`, `export NAME=…`,
 * `env NAME=… cmd`, or a tool's own environment field (OpenClaw exec `env`, read by
 * normalize/tools/shell-input.ts as the exports it stands for). Readers:
 * - carriers.ts: a `command_line` variable's value is parsed as the script it is;
 * - effects/shell.ts: every variable here is a config effect `{tool, key, value}` for the
 *   policy (effects.persistence.command_setting, bash.privilege_escalation.preload_injection).
 */

export interface EnvironmentVariable {
  /** The config effect's tool: "git" for git's own variables, "shell" for the rest (what every program started inherits). */
  tool: 'shell' | 'git';
  /**
   * What its value is: a command line some program runs (`command_line`), a file or library
   * it loads or sources (`load`), options that load code (`options`).
   */
  value: 'command_line' | 'load' | 'options' | 'history';
}

const C = 'command_line' as const;
const L = 'load' as const;
const O = 'options' as const;
const H = 'history' as const;

export const ENVIRONMENT_VARIABLES: Readonly<Record<string, EnvironmentVariable>> = {
  // The shell: run before each prompt, at start-up of a non-interactive shell, in prompts, in traces.
  PROMPT_COMMAND: { tool: 'shell', value: C },
  BASH_ENV: { tool: 'shell', value: L },
  ENV: { tool: 'shell', value: L },
  PS0: { tool: 'shell', value: C },
  PS1: { tool: 'shell', value: C },
  PS4: { tool: 'shell', value: C },
  // The shell's history: where and how much of it is kept (emptied or turned off: defense evasion).
  HISTFILE: { tool: 'shell', value: H },
  HISTSIZE: { tool: 'shell', value: H },
  HISTFILESIZE: { tool: 'shell', value: H },
  HISTCONTROL: { tool: 'shell', value: H },
  HISTIGNORE: { tool: 'shell', value: H },
  SAVEHIST: { tool: 'shell', value: H },
  HISTSAVE: { tool: 'shell', value: H },
  // git: commands it runs, and settings it takes from the environment (GIT_CONFIG_* below).
  GIT_SSH_COMMAND: { tool: 'git', value: C },
  GIT_SSH: { tool: 'git', value: L },
  GIT_EXTERNAL_DIFF: { tool: 'git', value: C },
  GIT_PAGER: { tool: 'git', value: C },
  GIT_EDITOR: { tool: 'git', value: C },
  GIT_SEQUENCE_EDITOR: { tool: 'git', value: C },
  GIT_ASKPASS: { tool: 'git', value: C },
  GIT_PROXY_COMMAND: { tool: 'git', value: C },
  GIT_EXEC_PATH: { tool: 'git', value: L },
  GIT_TEMPLATE_DIR: { tool: 'git', value: L },
  GIT_CONFIG_GLOBAL: { tool: 'git', value: L },
  GIT_CONFIG_SYSTEM: { tool: 'git', value: L },
  GIT_CONFIG: { tool: 'git', value: L },
  GIT_CONFIG_COUNT: { tool: 'git', value: O },
  GIT_CONFIG_PARAMETERS: { tool: 'git', value: O },
  SSH_ASKPASS: { tool: 'shell', value: C },
  SUDO_ASKPASS: { tool: 'shell', value: C },
  // Pagers and editors many programs start.
  PAGER: { tool: 'shell', value: C },
  MANPAGER: { tool: 'shell', value: C },
  LESSOPEN: { tool: 'shell', value: C },
  LESSCLOSE: { tool: 'shell', value: C },
  EDITOR: { tool: 'shell', value: C },
  VISUAL: { tool: 'shell', value: C },
  // The dynamic loader: code loaded into every program started.
  LD_PRELOAD: { tool: 'shell', value: L },
  LD_AUDIT: { tool: 'shell', value: L },
  LD_LIBRARY_PATH: { tool: 'shell', value: L },
  DYLD_INSERT_LIBRARIES: { tool: 'shell', value: L },
  DYLD_LIBRARY_PATH: { tool: 'shell', value: L },
  // Interpreters: start-up files and options that load code.
  PYTHONSTARTUP: { tool: 'shell', value: L },
  PYTHONPATH: { tool: 'shell', value: L },
  NODE_OPTIONS: { tool: 'shell', value: O },
  PERL5OPT: { tool: 'shell', value: O },
  PERL5LIB: { tool: 'shell', value: L },
  RUBYOPT: { tool: 'shell', value: O },
  // Toolchains that start a program named in the environment around every compile or run
  // (cargo's rustc wrapper and target runner, the Go toolchain's exec wrapper, ccache-style launchers).
  RUSTC_WRAPPER: { tool: 'shell', value: C },
  RUSTC_WORKSPACE_WRAPPER: { tool: 'shell', value: C },
  CARGO_BUILD_RUSTC_WRAPPER: { tool: 'shell', value: C },
  CARGO_TARGET_DIR_RUNNER: { tool: 'shell', value: C },
  CMAKE_C_COMPILER_LAUNCHER: { tool: 'shell', value: C },
  CMAKE_CXX_COMPILER_LAUNCHER: { tool: 'shell', value: C },
};

/** git's numbered settings in the environment (`GIT_CONFIG_KEY_0` / `GIT_CONFIG_VALUE_0`). */
const NUMBERED = /^GIT_CONFIG_(?:KEY|VALUE)_\d+$/;

/** What a variable does, or undefined when it is not one of these. */
export function environmentVariable(name: string): EnvironmentVariable | undefined {
  if (Object.hasOwn(ENVIRONMENT_VARIABLES, name)) return ENVIRONMENT_VARIABLES[name];
  return NUMBERED.test(name) ? { tool: 'git', value: O } : undefined;
}
