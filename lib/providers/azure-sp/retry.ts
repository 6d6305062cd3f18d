// Waiting out Entra's replication: a principal created in Graph is unknown to ARM (and to group
// writes) for a few seconds. Vault retries such calls for up to 80 s with 2–7 s pauses; Ferry
// backs off exponentially (1 s, 2 s, 4 s, 8 s, then every 10 s) for at most REPLICATION_WAIT_MS.
// Time is injected so tests do not sleep. Server-only.

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest Ferry waits for one call to stop failing with a replication error. */
export const REPLICATION_WAIT_MS = 60_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

/** Calls `attempt` until it succeeds, fails with something not `retryable`, or the wait is used up (then its last error). */
export async function retryWhile<T>(attempt: () => Promise<T>, retryable: (e: unknown) => boolean, clock: Clock, signal?: AbortSignal): Promise<{ value: T; attempts: number }> {
  const start = clock.now();
  let delay = FIRST_DELAY_MS;
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await attempt(), attempts };
    } catch (e) {
      if (!retryable(e) || clock.now() - start + delay > REPLICATION_WAIT_MS) throw e;
    }
    await clock.sleep(delay, signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
