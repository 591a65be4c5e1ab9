/** Normalizers for the tool kinds other than bash: one file per kind, each states facts only. */
export { normalizeRead } from './read.js';
export { normalizeWrite } from './write.js';
export { normalizeEdit } from './edit.js';
export { normalizeWebFetch } from './web-fetch.js';
export { normalizeMessage } from './message.js';
export { normalizeOther, splitMcpName } from './other.js';
export { readPatch } from './patch.js';
