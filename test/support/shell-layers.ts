/**
 * Layers of shell that run the command line they wrap, for the evasion tests (the
 * normalizer's own, and the differential one against the real bash). Each test stacks
 * layers on a command and checks that the facts still see it; these are the layers both
 * use, in the order both list them (their tables index layers by position).
 */

/** Single-quoted for bash, whatever the text holds. */
export const shq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
export const b64 = (text: string): string => Buffer.from(text).toString('base64');

export type Layer = (inner: string) => string;

/** Shells and eval handed the command line as one string. */
export const STRING_SHELLS: Layer[] = [(x) => `bash -c ${shq(x)}`, (x) => `sh -c ${shq(x)}`, (x) => `eval ${shq(x)}`];

/** A shell reading the command line from a here-string, or decoded from base64. */
export const FED_SHELLS: Layer[] = [(x) => `bash <<< ${shq(x)}`, (x) => `echo ${b64(x)} | base64 -d | bash`];

/** Control structures and substitutions around the command. */
export const CONTROL: Layer[] = [
  (x) => `true && ${x}`,
  (x) => `false || ${x}`,
  (x) => `(${x})`,
  (x) => `{ ${x}; }`,
  (x) => `if true; then ${x}; fi`,
  (x) => `for i in 1; do ${x}; done`,
  (x) => `f() { ${x}; }; f`,
  (x) => `echo $(${x})`,
];
