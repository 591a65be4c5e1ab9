/**
 * A large call's facts stay off the main thread. The analysis worker states them (hundreds of
 * KB for a 64 KB command line); copying them to the main thread and back for the whole-decision
 * evaluation cost more main-thread time than anything else a large call does (structured clone
 * both ways: tens of ms per call). So the worker sends them as a serialised buffer (moved, not
 * copied) that the main thread hands back unread, with the small part the main thread reads
 * itself: the kind, what is indeterminate, and what the session ledger needs (session/ledger.ts).
 */
import { deserialize, serialize } from 'node:v8';
import type { Facts, Normalized } from '../normalize/index.js';
import { ledgerFacts } from '../session/ledger.js';

/** The facts as a transferable buffer. */
export function factsBuffer(facts: Facts): ArrayBuffer {
  const bytes = serialize(facts);
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

export function factsFromBuffer(buffer: ArrayBuffer): Facts {
  return deserialize(new Uint8Array(buffer)) as Facts;
}

/** What the main thread keeps of a large call's normalization. */
export function slimOf(normalized: Normalized): Normalized {
  return { ...normalized, facts: ledgerFacts(normalized.facts), slim: true };
}
