/**
 * One input, one meaning: a JSON text that names the same key twice in one object means
 * two things (JSON.parse keeps the last, another reader the first), so the gateway refuses
 * it rather than pick one. Run on text that JSON.parse accepted; linear in its length.
 */

/** The first key named twice in one object (at any depth), or null. */
export function duplicateKey(text: string): string | null {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length && text.charCodeAt(j) !== 0x22) {
        if (text.charCodeAt(j) === 0x5c /* \ */) {
          escaped = true;
          j += 2;
        } else j += 1;
      }
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        // "a" and "\u0061" are the same key: compare decoded names.
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (ch === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return null;
}

/** The message for a body with a duplicate key. */
export function duplicateKeyMessage(key: string): string {
  return `the request body names the key ${JSON.stringify(key)} twice in one object; each key may appear once`;
}
