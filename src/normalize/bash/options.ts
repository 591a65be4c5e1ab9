/**
 * Option parsing shared by wrappers and operand extraction: which options take a value,
 * where the positional arguments start. Unknown options are assumed to take no value,
 * so an unknown flag never swallows the command that follows it.
 */

export interface OptionSpec {
  /** Short option letters that take a value (`-u root`, `-uroot`). */
  short?: string;
  /** Long options (without `--`) that take a value when written without `=`. */
  long?: readonly string[];
  /** Options written with one dash that take a value (`-exec`-style tools, `nice -n`). */
  single?: readonly string[];
  /** `-10` is an option (nice) rather than an operand. */
  numericFlag?: boolean;
  /** Every option is one word with one dash (openssl's `-nocerts`): never a bundle of letters. */
  singleDashWords?: boolean;
}

export interface ParsedOption {
  /** "r" for a short flag, "--force" for a long one, "-name" for single-dash long options. */
  flag: string;
  value: string | null;
  /** Index of the word that held the value (for path extraction). */
  valueIndex: number | null;
}

export interface OptionScan {
  options: ParsedOption[];
  /** Index of the first positional argument (argv.length when none). */
  next: number;
  /** A `--` ended the options. */
  doubleDash: boolean;
}

/**
 * Read options from `argv[from]` onwards until the first positional argument or `--`.
 * `stopAtPositional: false` keeps scanning past positionals (GNU tools accept options
 * anywhere); then `positionals` collects the indices of the positional words.
 */
export function scanOptions(argv: readonly string[], from: number, spec: OptionSpec): OptionScan {
  const options: ParsedOption[] = [];
  let i = from;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--') return { options, next: i + 1, doubleDash: true };
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq !== -1) {
        options.push({ flag: a.slice(0, eq), value: a.slice(eq + 1), valueIndex: i });
        i++;
      } else if (spec.long?.includes(a.slice(2)) && i + 1 < argv.length) {
        options.push({ flag: a, value: argv[i + 1], valueIndex: i + 1 });
        i += 2;
      } else {
        options.push({ flag: a, value: null, valueIndex: null });
        i++;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.numericFlag && /^-\d+$/.test(a)) {
        options.push({ flag: 'n', value: a.slice(1), valueIndex: i });
        i++;
        continue;
      }
      if (spec.single?.includes(a.slice(1))) {
        options.push({ flag: a, value: argv[i + 1] ?? null, valueIndex: i + 1 < argv.length ? i + 1 : null });
        i += 2;
        continue;
      }
      if (spec.singleDashWords) {
        options.push({ flag: a, value: null, valueIndex: null });
        i++;
        continue;
      }
      let consumedNext = false;
      for (let j = 1; j < a.length; j++) {
        const letter = a[j];
        if (spec.short?.includes(letter)) {
          const attached = a.slice(j + 1);
          if (attached !== '') options.push({ flag: letter, value: attached, valueIndex: i });
          else {
            options.push({ flag: letter, value: argv[i + 1] ?? null, valueIndex: i + 1 < argv.length ? i + 1 : null });
            consumedNext = true;
          }
          break;
        }
        options.push({ flag: letter, value: null, valueIndex: null });
      }
      i += consumedNext ? 2 : 1;
      continue;
    }
    break;
  }
  return { options, next: Math.min(i, argv.length), doubleDash: false };
}

export function hasOption(scan: OptionScan, ...flags: string[]): boolean {
  return scan.options.some((o) => flags.includes(o.flag));
}

export function optionValue(scan: OptionScan, ...flags: string[]): string | null {
  for (let k = scan.options.length - 1; k >= 0; k--) {
    const o = scan.options[k];
    if (flags.includes(o.flag) && o.value !== null) return o.value;
  }
  return null;
}

/**
 * Split a string the way `env -S` and wrappers that take a command line do: whitespace
 * separates words, single and double quotes group, backslash escapes. Good enough for a
 * command line written by hand; a real shell parse is used wherever bash itself would parse.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) current += text[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
