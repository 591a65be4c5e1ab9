// The OpenClaw entry of toolgate's plugin. OpenClaw's plugin loader resolves
// `openclaw/plugin-sdk/*` to the running host; the plugin's logic is toolgate's compiled
// src/integrations/openclaw/plugin.ts (run `npm run build` in the toolgate folder first).
import { initializeGlobalHookRunner } from 'openclaw/plugin-sdk/hook-runtime';
import { createToolgatePlugin } from '../../dist/integrations/openclaw/plugin.js';

export default createToolgatePlugin({ initializeGlobalHookRunner });
