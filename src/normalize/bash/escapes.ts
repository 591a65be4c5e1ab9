/**
 * The escape languages bash understands statically: ANSI-C quoting (`$'\x72\x6d'`),
 * `echo -e` and `printf` escapes, and backslashes in unquoted and double-quoted words.
 */

/**
 * Decode the body of `$'…'` (without the `$'` and `'`). Follows bash: `\a \b \e \E \f \n
 * \r \t \v \\ \' \" \?`, octal `\nnn`, hex `\xHH`, unicode `\uHHHH` / `\UHHHHHHHH`,
 * control `\cX`. An unknown escape keeps its backslash.
 */
export function decodeAnsiC(body: string): string {
  return decodeEscapes(body, 'ansi_c');
}

/** `echo -e` / `printf` format escapes (octal is `\0nnn` for echo, `\nnn` for printf). */
export function decodeEchoEscapes(text: string): { text: string; stop: boolean } {
  const stopAt = text.indexOf('\\c');
  const body = stopAt === -1 ? text : text.slice(0, stopAt);
  return { text: decodeEscapes(body, 'echo'), stop: stopAt !== -1 };
}

export function decodePrintfEscapes(text: string): string {
  return decodeEscapes(text, 'printf');
}

const SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

function decodeEscapes(text: string, dialect: 'ansi_c' | 'echo' | 'printf'): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e in SIMPLE) {
      out += SIMPLE[e];
      i += 2;
    } else if (dialect === 'ansi_c' && (e === "'" || e === '"' || e === '?')) {
      out += e;
      i += 2;
    } else if (dialect === 'printf' && e === '"') {
      out += e;
      i += 2;
    } else if (/[0-7]/.test(e) && (dialect !== 'echo' || e === '0')) {
      // echo -e wants `\0nnn`; ansi-c and printf take up to three octal digits.
      const from = dialect === 'echo' ? i + 2 : i + 1;
      const m = /^[0-7]{1,3}/.exec(text.slice(from, from + 3));
      const digits = m ? m[0] : '';
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i = from + digits.length;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += 2 + m[0].length;
      } else {
        out += '\\x';
        i += 2;
      }
    } else if (e === 'u' || e === 'U') {
      const max = e === 'u' ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(text.slice(i + 2, i + 2 + max));
      const code = m ? parseInt(m[0], 16) : NaN;
      if (m && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 2 + m[0].length;
      } else {
        out += '\\' + e;
        i += 2;
      }
    } else if (e === 'c' && dialect === 'ansi_c' && i + 2 < text.length) {
      out += String.fromCharCode(text.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      out += '\\' + e;
      i += 2;
    }
  }
  return out;
}

/**
 * Removes the backslashes that escape one of `escapable` (any character when null): the
 * escaped character stays, and a backslash-newline is a line continuation that disappears.
 */
function unescapeWith(text: string, escapable: string | null): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && (escapable === null || escapable.includes(text[i + 1]))) {
      i++;
      if (text[i] !== '\n') out += text[i];
    } else {
      out += c;
    }
  }
  return out;
}

/** Remove backslash escapes from an unquoted word: `\x` is `x`, and a backslash-newline disappears. */
export function unescapeUnquoted(text: string): string {
  return unescapeWith(text, null);
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and newline. */
export function unescapeDoubleQuoted(text: string): string {
  return unescapeWith(text, '$`"\\\n');
}
