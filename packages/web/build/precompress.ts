import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const compressible = /\.(?:js|css|html|svg|json|webmanifest|txt)$/;
/** Below this the headers outweigh the saving. */
const minBytes = 1024;

/**
 * Writes a .br (brotli, best) and a .gz (gzip -9) beside every text file of the build, once, so
 * that the server sends them as they are instead of compressing on every request
 * (packages/server/src/http/static-web.ts picks the one the browser accepts).
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'parley-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          const stat = statSync(path);
          if (stat.isDirectory()) walk(path);
          else if (compressible.test(name) && stat.size >= minBytes) {
            const raw = readFileSync(path);
            const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
            const gz = gzipSync(raw, { level: 9 });
            if (br.length < raw.length) writeFileSync(`${path}.br`, br);
            if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
          }
        }
      };
      walk(outDir);
    },
  };
}
