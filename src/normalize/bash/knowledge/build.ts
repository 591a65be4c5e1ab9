/**
 * Build tools and task runners: each runs command lines defined in a file it reads
 * (Makefile, justfile, package.json scripts, build.ninja, CMakeLists.txt, conftest.py,
 * setup.py). What runs is the file's content: an exec effect of origin "file".
 */
import type { Family, ProgramKnowledge } from './types.js';

const make: ProgramKnowledge = {
  options: { short: 'fCIjloW', long: ['file', 'makefile', 'directory', 'include-dir', 'jobs', 'load-average', 'old-file', 'what-if', 'assume-new', 'assume-old', 'eval'] },
  options_anywhere: true,
  rules: [
    { effect: 'file_commands', files: ['GNUmakefile', 'makefile', 'Makefile'], file_options: ['f', '--file', '--makefile'], dir_options: ['C', '--directory'] },
    { effect: 'command_line', options: ['--eval'] },
  ],
};
const npmRun: ProgramKnowledge = {
  options: { short: 'C', long: ['prefix', 'workspace', 'registry', 'userconfig', 'dir'] },
  options_anywhere: true,
  rules: [
    { effect: 'file_commands', files: ['package.json'], dir_options: ['--prefix', 'C', '--dir'], when: { sub: ['run', 'run-script', 'rum', 'urn', 'test', 't', 'tst', 'start', 'stop', 'restart', 'install', 'i', 'ci', 'add', 'rebuild', 'pack', 'publish', 'exec', 'x'] } },
  ],
};

export const BUILD: Family = {
  make, gmake: make, bmake: make,
  // A development shell that runs a command line in it (`nix-shell -p curl --run '…'`).
  'nix-shell': { options: { short: 'pIAE', long: ['run', 'command', 'packages', 'attr', 'expr', 'arg', 'argstr', 'include', 'option', 'keep'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['--run', '--command'] }] },
  just: { options: { short: 'fd', long: ['justfile', 'working-directory', 'set'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['justfile', 'Justfile', '.justfile'], file_options: ['f', '--justfile'], dir_options: ['d', '--working-directory'] }] },
  ninja: { options: { short: 'fCjklt' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['build.ninja'], file_options: ['f'], dir_options: ['C'] }] },
  cmake: { options: { short: 'SBGCDPTAUE' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['CMakeLists.txt'], file_options: ['P', 'C'] }] },
  ctest: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['CTestTestfile.cmake'] }] },
  // Runners of several command lines at once (`npm:dev:*` names package scripts, judged with package.json).
  concurrently: {
    options: { short: 'nckp', long: ['names', 'prefix-colors', 'kill-others-on-fail', 'prefix', 'max-processes', 'restart-tries', 'success', 'handle-input', 'timestamp-format', 'cwd', 'passthrough-arguments'] },
    options_anywhere: true,
    rules: [{ effect: 'command_line', operands_from: 0, each: true, not_lines: '^(?:npm|yarn|pnpm|bun):' }, { effect: 'file_commands', files: ['package.json'] }],
  },
  task: { options: { short: 'td', long: ['taskfile', 'dir'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['Taskfile.yml', 'Taskfile.yaml'], file_options: ['t', '--taskfile'], dir_options: ['d', '--dir'] }] },
  rake: { options: { short: 'f', long: ['rakefile'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['Rakefile'], file_options: ['f', '--rakefile'], language: 'ruby' }] },
  npm: npmRun,
  pnpm: npmRun,
  yarn: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['package.json'] }] },
  bun: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['package.json'], when: { sub: ['run', 'test', 'install', 'i', 'add'] } }] },
  pytest: { options: { short: 'ckmop', long: ['rootdir', 'confcutdir', 'basetemp'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['conftest.py', 'pytest.ini', 'pyproject.toml'], language: 'python' }] },
  tox: { options: { short: 'ce' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['tox.ini'] }] },
  nox: { options: { short: 'fs' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['noxfile.py'], file_options: ['f'], language: 'python' }] },
  // Gradle runs its build scripts, and the init scripts given with -I (`gradle -I <(curl …)` runs fetched code).
  gradle: { options: { short: 'IbpcDPx', long: ['init-script', 'build-file', 'project-dir', 'settings-file', 'exclude-task', 'project-prop', 'system-prop'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['build.gradle', 'build.gradle.kts', 'settings.gradle'], file_options: ['I', '--init-script', 'b', '--build-file', 'c', '--settings-file'], dir_options: ['p', '--project-dir'] }] },
  gradlew: { options: { short: 'IbpcDPx', long: ['init-script', 'build-file', 'project-dir', 'settings-file', 'exclude-task', 'project-prop', 'system-prop'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['build.gradle', 'build.gradle.kts', 'gradle/wrapper/gradle-wrapper.properties'], file_options: ['I', '--init-script', 'b', '--build-file', 'c', '--settings-file'], dir_options: ['p', '--project-dir'] }] },
  mvn: { options: { short: 'fDP' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['pom.xml'], file_options: ['f'] }] },
  cargo: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['build.rs', 'Cargo.toml'], when: { sub: ['build', 'run', 'test', 'check', 'b', 'r', 't', 'c', 'bench', 'install', 'clippy'] } }] },
  go: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['go.mod'], when: { sub: ['generate'] } }] },
  bazel: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['BUILD', 'BUILD.bazel', 'WORKSPACE', 'MODULE.bazel'] }] },
  meson: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['meson.build'] }] },
  scons: { options: { short: 'f' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['SConstruct'], file_options: ['f'], language: 'python' }] },
  invoke: { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['tasks.py'], language: 'python' }] },
  'pre-commit': { options_anywhere: true, rules: [{ effect: 'file_commands', files: ['.pre-commit-config.yaml'] }] },
  'docker-compose': { options: { short: 'fp' }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['docker-compose.yml', 'compose.yaml'], file_options: ['f'] }] },
  vagrant: { rules: [{ effect: 'file_commands', files: ['Vagrantfile'], language: 'ruby' }] },
};
