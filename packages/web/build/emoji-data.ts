import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** Where the emoji picker finds its data: our own origin (the CSP allows no other, and we fetch nothing from a CDN). */
export const emojiDataPath = '/emojibase';

/**
 * Copies Emojibase's English data and messages (what the picker's search, categories and skin
 * tones come from) into the build at /emojibase/en/, so the picker loads them from the server that
 * serves the app, compressed and cached like any other file.
 */
export function emojiData(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'parley-emoji-data',
    apply: 'build',
    generateBundle() {
      for (const file of ['data.json', 'messages.json']) {
        this.emitFile({ type: 'asset', fileName: `${emojiDataPath.slice(1)}/en/${file}`, source: readFileSync(require.resolve(`emojibase-data/en/${file}`)) });
      }
    },
  };
}
