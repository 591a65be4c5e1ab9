/**
 * The decision log owns its record (as OPA keeps masking beside its decision logger): the
 * typed record and its one encode and decode (record.ts), masking (mask.ts), the hash chain
 * and the hashes of what follows a decision (chain.ts), and appending to the chain
 * (append.ts). Store.commitDecision is the one path that stores a decision, and it stores
 * only what encodeDecision made of it: masked.
 */
export { encodeDecision, decodeColumn, decodeDecision, decodeObject, decodeResult, type DecisionRecord, type DecodedDecision, type Masking, type NewDecision } from './record.js';
export { boundedFactsText, cappedFactsOf, LOGGED_FACTS_MAX_CHARS, loggedCallOf, maskCallForLog, maskDeep, type CappedFacts, type LoggedCall } from './mask.js';
export { anchorMac, canonicalRow, chainHash, CHAINED_FIELDS, followUpHash, FOLLOW_UP_FIELDS, GENESIS_HASH, type ChainedRow, type FollowUpKind } from './chain.js';
export { appendDecision, appendDecisions, lockChainHead, probeChainHead } from './append.js';
