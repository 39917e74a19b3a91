/**
 * A promise raced against a timer, for node-opcua calls that take their own timeouts loosely: the
 * OPC UA meter client bounds its connect and each request with it, and tells a timeout apart from
 * a failure so each gets its own code.
 */
export type Timed<T> = { ok: true; value: T } | { ok: false; timedOut: boolean; error: Error };

/** `work` within `ms`, without leaving a timer behind. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, timedOut: true, error: new Error('timeout') }),
      ms,
    );
  });
  try {
    return await Promise.race([
      work.then(
        (value): Timed<T> => ({ ok: true, value }),
        (error: unknown): Timed<T> => ({
          ok: false,
          timedOut: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
