/** Calls every language shares: methods of the environment object (os.environ, process.env, ENV, $_ENV). */
import type { CallTable } from './engine.js';

export const SHARED_CALLS: CallTable = {
  'env#get': { do: 'env', name: 0 },
  'env#fetch': { do: 'env', name: 0 },
  'env#getenv': { do: 'env', name: 0 },
  'env#GetEnvironmentVariable': { do: 'env', name: 0 },
  'env#copy': { do: 'env' },
  'env#items': { do: 'env' },
  'env#keys': { do: 'env' },
  'env#values': { do: 'env' },
  'env#to_h': { do: 'env' },
  'env#toObject': { do: 'env' },
  'env#GetEnvironmentVariables': { do: 'env' },
};
