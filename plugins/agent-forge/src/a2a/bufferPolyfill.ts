// The trailing slash selects the npm `buffer` package, not Node's built-in.
import { Buffer } from 'buffer/';

/**
 * `@a2a-js/sdk` 1.3 reaches for Node's `Buffer` when it serialises DataParts on
 * the v0.3 transport and raw bytes on v1.0; browsers have none. Installing it
 * once, explicitly, keeps the plugin's `sideEffects: false` honest.
 */
export function ensureBufferPolyfill(): void {
  const scope = globalThis as { Buffer?: unknown };
  if (typeof scope.Buffer === 'undefined') {
    scope.Buffer = Buffer;
  }
}
