/**
 * Programs that print a stored credential: an access token, a session's keys, a secret's
 * value, a raw kubeconfig. What they print lands wherever their output goes; printed into the
 * agent's context it is a credential read (DESIGN.md: reading credentials is denied). Each
 * entry is a `reveal` rule (effects/commands.ts decides where the output goes). Password
 * managers' clipboard copies and `run` wrappers that hand a secret to a child without printing
 * it are not here.
 */
import { OPENSSL_OPTIONS } from '../commands.js';
import type { Family, ProgramKnowledge } from './types.js';

/** A docker credential helper (`docker-credential-desktop get`, `-pass`, `-ecr-login`…): `get` prints the stored secret. */
const dockerCredentialHelper: ProgramKnowledge = { rules: [{ effect: 'reveal', secret: 'registry credential', when: { sub: ['get'] } }] };

const GH_OPTIONS = { short: 'Rh', long: ['repo', 'hostname', 'jq', 'template'] };
const KUBECTL_OPTIONS = { short: 'nolc', long: ['namespace', 'output', 'selector', 'context', 'kubeconfig', 'cluster', 'user', 'container', 'template'] };
const AWS_OPTIONS = { long: ['profile', 'region', 'output', 'query', 'endpoint-url', 'secret-id', 'name', 'names', 'path', 'role-arn', 'role-session-name', 'format', 'duration-seconds', 'user-name', 'version-id', 'version-stage', 'serial-number', 'token-code', 'cli-input-json'] };
const GCLOUD_OPTIONS = { long: ['project', 'account', 'format', 'configuration', 'secret', 'impersonate-service-account', 'audiences', 'lifetime', 'scopes'] };
const AZ_OPTIONS = { short: 'gno', long: ['resource-group', 'name', 'vault-name', 'subscription', 'query', 'output', 'resource', 'scope', 'tenant', 'file', 'id', 'account-name'] };

export const CREDENTIALS: Family = {
  gh: { options: GH_OPTIONS, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'access token', when: { sub: ['auth'], sub2: ['token'] } },
    { effect: 'reveal', secret: 'access token', when: { sub: ['auth'], sub2: ['status'], flags: ['t', '--show-token'] } },
  ] },
  glab: { options: GH_OPTIONS, options_anywhere: true, rules: [{ effect: 'reveal', secret: 'access token', when: { sub: ['auth'], sub2: ['status'], flags: ['t', '--show-token'] } }] },
  gcloud: { options: GCLOUD_OPTIONS, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'access token', when: { any_operand: ['print-access-token', 'print-identity-token', 'print-refresh-token'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['secrets'], sub2: ['versions'], any_operand: ['access'] } },
  ] },
  az: { options: AZ_OPTIONS, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'access token', when: { any_operand: ['get-access-token'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['keyvault'], sub2: ['secret'], any_operand: ['show', 'download'] } },
    { effect: 'reveal', secret: 'account keys', when: { any_operand: ['keys'], all_operands: ['list'] } },
    { effect: 'reveal', secret: 'service principal secret', when: { sub: ['ad'], sub2: ['sp'], any_operand: ['create-for-rbac'] } },
    { effect: 'reveal', secret: 'service principal secret', when: { sub: ['ad'], any_operand: ['reset'], all_operands: ['credential'] } },
  ] },
  aws: { options: AWS_OPTIONS, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'cloud credentials', when: { sub: ['configure'], sub2: ['get', 'export-credentials'] } },
    { effect: 'reveal', secret: 'cloud credentials', when: { any_operand: ['get-session-token', 'get-federation-token', 'assume-role', 'assume-role-with-web-identity', 'assume-role-with-saml', 'create-access-key', 'export-credentials', 'get-role-credentials'] } },
    { effect: 'reveal', secret: 'secret value', when: { any_operand: ['get-secret-value', 'batch-get-secret-value'] } },
    { effect: 'reveal', secret: 'registry credential', when: { any_operand: ['get-login-password', 'get-authorization-token'] } },
    { effect: 'reveal', secret: 'secret value', when: { any_operand: ['get-parameter', 'get-parameters', 'get-parameters-by-path'], flags: ['--with-decryption'] } },
  ] },
  kubectl: { options: KUBECTL_OPTIONS, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'cluster credentials', when: { sub: ['config'], sub2: ['view'], flags: ['--raw', '--flatten'] } },
    // `describe` and the default table show sizes; `-o name`/`-o wide` list names: no data.
    { effect: 'reveal', secret: 'secret value', when: { sub: ['get'], sub2: ['secret*', 'secrets*'], flags: ['o', '--output'], no_values: { o: ['name', 'wide'], '--output': ['name', 'wide'] } } },
    { effect: 'reveal', secret: 'access token', when: { sub: ['create'], sub2: ['token'] } },
  ] },
  vault: { rules: [
    { effect: 'reveal', secret: 'access token', when: { sub: ['print'], sub2: ['token'] } },
    { effect: 'reveal', secret: 'access token', when: { sub: ['token'], sub2: ['create', 'lookup'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['kv'], sub2: ['get'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['read'] } },
  ] },
  op: { options: { short: 'io', long: ['in-file', 'out-file', 'output', 'vault', 'account', 'format', 'fields'] }, options_anywhere: true, rules: [
    { effect: 'reveal', secret: 'secret value', when: { sub: ['read'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['item'], sub2: ['get'] } },
    { effect: 'reveal', secret: 'access token', when: { sub: ['signin'], flags: ['--raw'] } },
    // A template or document with its references filled in holds the secrets themselves.
    { effect: 'reveal', secret: 'secret value', when: { sub: ['inject'], no_flags: ['o', '--out-file'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['document'], sub2: ['get'], no_flags: ['o', '--out-file', '--output'] } },
  ] },
  // `bw list items` prints every item whole: logins with their passwords, notes, cards.
  bw: { rules: [
    { effect: 'reveal', secret: 'secret value', when: { sub: ['get', 'export', 'unlock'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['list'], sub2: ['items'] } },
  ] },
  lpass: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['show', 'export'], no_flags: ['c', '--clip'] } }] },
  pass: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['show'], no_flags: ['c', '--clip'] } }] },
  keyring: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['get'] } }] },
  doppler: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['secrets'], no_operands: ['set', 'delete', 'upload'] } }] },
  heroku: { rules: [
    { effect: 'reveal', secret: 'access token', when: { sub: ['auth:token'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['config', 'config:get'] } },
  ] },
  npm: { rules: [{ effect: 'reveal', secret: 'access token', when: { sub: ['token'], sub2: ['create'] } }] },
  sops: { options: { long: ['output'] }, options_anywhere: true, rules: [{ effect: 'reveal', secret: 'secret value', when: { flags: ['d', '--decrypt'], no_flags: ['i', '--in-place', '--output'] } }, { effect: 'reveal', secret: 'secret value', when: { sub: ['decrypt'], no_flags: ['--output'] } }] },
  'ansible-vault': { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['view'] } }] },
  'docker-credential-*': dockerCredentialHelper,
  // Password managers and secret stores beside pass/bw/op (each one's own manual).
  gopass: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['show', 'cat', 'otp'], no_flags: ['c', '--clip'] } }] },
  passage: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['show'], no_flags: ['c', '--clip'] } }] },
  'keepassxc-cli': { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['show'], flags: ['s', '--show-protected', 'a', '--attributes'] } }, { effect: 'reveal', secret: 'secret value', when: { sub: ['export'] } }] },
  chamber: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['read', 'export'] } }] },
  berglas: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['access'] } }] },
  infisical: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['secrets', 'export'], no_operands: ['set', 'delete'] } }] },
  akeyless: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['get-secret-value', 'get-dynamic-secret-value', 'export-classic-key'] } }] },
  conjur: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['variable'], sub2: ['get', 'value'] } }] },
  railway: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['variables', 'variable'], no_operands: ['set', 'delete'] } }] },
  firebase: { rules: [{ effect: 'reveal', secret: 'secret value', when: { sub: ['functions:config:get', 'functions:secrets:access'] } }, { effect: 'reveal', secret: 'access token', when: { sub: ['login:ci'] } }] },
  // Deploy platforms' and cluster tools' own tokens: printed, they are the credential.
  fly: { rules: [{ effect: 'reveal', secret: 'access token', when: { sub: ['auth'], sub2: ['token'] } }, { effect: 'reveal', secret: 'access token', when: { sub: ['tokens'], sub2: ['create'] } }] },
  flyctl: { rules: [{ effect: 'reveal', secret: 'access token', when: { sub: ['auth'], sub2: ['token'] } }, { effect: 'reveal', secret: 'access token', when: { sub: ['tokens'], sub2: ['create'] } }] },
  argocd: { rules: [{ effect: 'reveal', secret: 'access token', when: { sub: ['account'], sub2: ['generate-token'] } }] },
  kubeadm: { rules: [{ effect: 'reveal', secret: 'cluster join token', when: { sub: ['token'], sub2: ['create', 'generate', 'list'] } }] },
  databricks: { rules: [
    { effect: 'reveal', secret: 'access token', when: { sub: ['tokens'], sub2: ['create'] } },
    { effect: 'reveal', secret: 'secret value', when: { sub: ['secrets'], sub2: ['get-secret'] } },
  ] },
  // A private key written out without a pass phrase to the output (`-nodes`/`-noenc` and no `-nokeys`).
  openssl: { options: OPENSSL_OPTIONS, options_anywhere: true, rules: [{ effect: 'reveal', secret: 'private key', when: { sub: ['pkcs12'], flags: ['-nodes', '-noenc', '-nocerts'], no_flags: ['-nokeys', '-out', '-export'] } }] },
  wg: { rules: [
    { effect: 'reveal', secret: 'private key', when: { sub: ['showconf'] } },
    { effect: 'reveal', secret: 'private key', when: { sub: ['show'], any_operand: ['private-key', 'preshared-keys', 'dump'] } },
  ] },
};
