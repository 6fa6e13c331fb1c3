/** How often, and after which pauses, a step that must not be given up lightly is tried again. */
export interface RetryPolicy {
  /** Whether an error is worth trying again (throttling, a service fault); others end the tries at once. */
  readonly retryable: (error: unknown) => boolean;
  /** The pause before each further try, in milliseconds: the number of entries is the number of retries. */
  readonly delaysMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
}

/** The failure of the last try, with how many tries were made. */
export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
  ) {
    super(`gave up after ${attempts} attempt(s)`, { cause: lastError });
  }
}

/** The error the last try failed with, from what {@link withRetries} threw. */
export function lastErrorOf(error: unknown): unknown {
  return error instanceof RetriesExhausted ? error.lastError : error;
}

/**
 * Runs `attempt` until it succeeds, retrying only what the policy calls retryable, once per delay.
 * Throws {@link RetriesExhausted} with the last error and the number of attempts.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = policy.delaysMs[tries - 1];
      if (delay === undefined || !policy.retryable(error)) throw new RetriesExhausted(error, tries);
      await policy.sleep(delay);
    }
  }
}
