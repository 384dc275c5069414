/**
 * Opens connections with at most `concurrency` handshakes in flight. Failures are counted, not
 * thrown: a server that refuses some connections is a result.
 */
export async function connectAll(opens: (() => Promise<void>)[], concurrency: number, onProgress?: (done: number) => void): Promise<{ ok: number; failed: number; firstError: string | null }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < opens.length) {
      const open = opens[next++]!;
      try {
        await withTimeout(open(), 20_000);
        ok++;
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
      if ((ok + failed) % 500 === 0) onProgress?.(ok + failed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, opens.length) }, worker));
  return { ok, failed, firstError };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no session after ${ms} ms`)), ms);
    }),
  ]);
}
