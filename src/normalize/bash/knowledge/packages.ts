/** Package managers: what installs, from which registry, and which settings change where packages come from. */
import type { Family, ProgramKnowledge } from './types.js';

const INSTALL_SUBS = ['install', 'i', 'add', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'ci', 'update', 'up', 'upgrade'];
const npm: ProgramKnowledge = {
  options: { long: ['registry', 'prefix', 'cache', 'userconfig', 'tag', 'otp', 'workspace'] },
  options_anywhere: true,
  rules: [
    { effect: 'install', manager: 'npm', source_options: ['--registry'], when: { sub: INSTALL_SUBS } },
    { effect: 'config', tool: 'npm', when: { sub: ['config', 'c'], sub2: ['set'] }, key_at: 1, value_at: 2 },
    // `npm pkg set scripts.postinstall=…` writes package.json: the scripts it stores are command lines (settings.ts).
    { effect: 'config', tool: 'npm', when: { sub: ['pkg'], sub2: ['set'] }, key_at: 1, assignments: true },
    { effect: 'install', manager: 'npm', when: { sub: ['exec', 'x'] } },
  ],
};
const pip: ProgramKnowledge = {
  options: { short: 'ierc', long: ['index-url', 'extra-index-url', 'requirement', 'constraint', 'target', 'trusted-host', 'find-links', 'prefix', 'root', 'src', 'cache-dir'] },
  options_anywhere: true,
  rules: [
    { effect: 'install', manager: 'pip', source_options: ['i', '--index-url', '--extra-index-url', 'f', '--find-links', '--trusted-host'], when: { sub: ['install', 'download', 'wheel'] } },
    { effect: 'read', options: ['r', '--requirement', 'c', '--constraint'] },
    { effect: 'config', tool: 'pip', when: { sub: ['config'], sub2: ['set'] }, key_at: 1, value_at: 2 },
  ],
};
const simple = (manager: string, subs: readonly string[], sourceOptions: readonly string[] = []): ProgramKnowledge => ({
  options_anywhere: true,
  rules: [{ effect: 'install', manager, source_options: sourceOptions, when: { sub: subs } }],
});

export const PACKAGES: Family = {
  npm,
  pnpm: { ...npm, rules: npm.rules.map((r) => (r.effect === 'install' ? { ...r, manager: 'pnpm' } : r)) },
  yarn: simple('yarn', ['add', 'install', 'global', 'up', 'upgrade'], ['--registry']),
  bun: simple('bun', ['add', 'install', 'i', 'x'], ['--registry']),
  npx: { options: { short: 'p', long: ['package', 'registry'] }, rules: [{ effect: 'install', manager: 'npm', source_options: ['--registry'] }] },
  bunx: { rules: [{ effect: 'install', manager: 'bun' }] },
  pip, pip3: pip, pipx: simple('pipx', ['install', 'run', 'inject'], ['--index-url', '--pip-args']),
  uv: { options_anywhere: true, options: { long: ['index-url', 'extra-index-url', 'index', 'default-index'] }, rules: [{ effect: 'install', manager: 'pip', source_options: ['--index-url', '--extra-index-url', '--index', '--default-index'], when: { sub: ['pip', 'add', 'tool', 'sync'] } }] },
  poetry: simple('pip', ['add', 'install'], ['--source']),
  easy_install: simple('pip', []),
  gem: simple('gem', ['install', 'update'], ['--source', 's', '--clear-sources']),
  bundle: simple('gem', ['install', 'add']),
  cargo: simple('cargo', ['install', 'add'], ['--index', '--registry', '--git']),
  go: simple('go', ['install', 'get']),
  apt: simple('apt', ['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade']),
  'apt-get': simple('apt', ['install', 'reinstall', 'upgrade', 'dist-upgrade']),
  aptitude: simple('apt', ['install', 'reinstall']),
  dpkg: { options: { short: 'i' }, rules: [{ effect: 'install', manager: 'dpkg', when: { flags: ['i', '--install'] } }] },
  dnf: simple('dnf', ['install', 'reinstall', 'upgrade', 'update']),
  yum: simple('yum', ['install', 'reinstall', 'upgrade', 'update']),
  rpm: { rules: [{ effect: 'install', manager: 'rpm', when: { flags: ['i', 'U', '--install', '--upgrade'] } }] },
  apk: simple('apk', ['add'], ['--repository', 'X']),
  pacman: { rules: [{ effect: 'install', manager: 'pacman', when: { flags: ['S', 'U'] } }] },
  brew: simple('brew', ['install', 'reinstall', 'upgrade', 'tap']),
  snap: simple('snap', ['install']),
  flatpak: simple('flatpak', ['install']),
  composer: simple('composer', ['require', 'install', 'global']),
  conda: simple('conda', ['install', 'create'], ['c', '--channel']),
  mamba: simple('conda', ['install', 'create'], ['c', '--channel']),
  nix: simple('nix', ['profile', 'shell', 'run']),
  'nix-env': { rules: [{ effect: 'install', manager: 'nix', when: { flags: ['i', '--install'] } }] },
  deno: simple('deno', ['install', 'add']),
  helm: simple('helm', ['install', 'upgrade'], ['--repo']),
  choco: simple('choco', ['install']),
  winget: simple('winget', ['install']),
  'update-alternatives': { rules: [{ effect: 'config', tool: 'alternatives', key_at: 0, value_at: 2, when: { flags: ['--install', '--set'] } }] },
};
