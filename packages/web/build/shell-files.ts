import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** Files of the public dir, as URL paths. */
function publicFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(`/${relative(dir, path).split('\\').join('/')}`);
    }
  };
  walk(dir);
  return out;
}

/**
 * Tells the service worker (the `sw` entry, written as /sw.js) which files make the app shell
 * of this build, and gives its cache a name that changes whenever any of them does, by
 * replacing the `__PARLEY_SHELL__` placeholder in its code.
 */
export function shellFiles(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'parley-shell-files',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const sw = Object.values(bundle).find((item) => item.type === 'chunk' && item.fileName === 'sw.js');
      if (!sw || sw.type !== 'chunk') return;
      const built = Object.values(bundle)
        .map((item) => `/${item.fileName}`)
        .filter((file) => file !== '/sw.js' && !file.endsWith('.map'));
      const extra = publicFiles(config.publicDir).filter((file) => file !== '/sw.js');
      const files = [...new Set(['/index.html', ...built.filter((f) => f !== '/index.html'), ...extra])].sort();
      const hash = createHash('sha256');
      for (const item of Object.values(bundle)) if (item.fileName !== 'sw.js') hash.update(item.fileName).update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
      const shell = { version: hash.digest('hex').slice(0, 12), files };
      if (!sw.code.includes('__PARLEY_SHELL__')) this.error('sw.js has lost its __PARLEY_SHELL__ placeholder');
      sw.code = sw.code.replaceAll('__PARLEY_SHELL__', JSON.stringify(shell));
    },
  };
}
