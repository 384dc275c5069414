import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built server entry point; `npm run build` (tsc -b packages/server) makes it. */
export const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout match of `pattern`, or rejects when the process exits first or the time is up. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Runs `node packages/server/dist/main.js` with the given arguments and environment. */
export function runServerProcess(args: string[], env: Record<string, string> = {}): ServerProcess {
  const child = spawn(process.execPath, [mainJs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      // Let the pipes drain before anyone reads them.
      setImmediate(() => resolve({ code, signal }));
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (!match) return false;
          finish();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`No output matching ${pattern} within ${timeoutMs} ms. stdout: ${out} stderr: ${err}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = () => void check();
        if (check()) return;
        listeners.add(listener);
        void exited.then(() => {
          if (!check()) {
            finish();
            reject(new Error(`The process exited before printing ${pattern}. stdout: ${out} stderr: ${err}`));
          }
        });
      });
    },
  };
}

/** The `parley` command as installed (package.json "bin"). */
export const parleyBin = fileURLToPath(new URL('../../bin/parley.js', import.meta.url));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `parley <args>` to the end (for the commands that finish by themselves). */
export function runParley(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [parleyBin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley ${args.join(' ')} did not finish within ${timeoutMs} ms. stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
