/** What the HTTP routes use from session/, in one import. */
export { readAncestors, utcDay, sessionView, mechanicsFrom, type SessionView } from './index.js';
export {
  updateSession,
  UnknownSessionError,
  applyReport,
  recordContinuation,
  lostPinnedItems,
  eventView,
  newId,
  type Report,
  type LostItem,
} from './events.js';
export { parseState, emptyState, serializeState, carriedOver, type GovernanceState } from './state.js';
