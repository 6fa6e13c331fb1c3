/** How often and how many at once a {@link Pacer} lets calls through. */
export interface Pace {
  /** Calls started per second, on average. */
  readonly perSecond: number;
  /** Calls that may start at once after a quiet spell (the bucket's size). */
  readonly burst: number;
  /** Calls in flight at most at any time. */
  readonly maxInFlight: number;
}

/** The time a pacer reads and how it waits: real time in Lambda, the simulation's clock locally. */
export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Paces calls to a service that throttles: a token bucket (`perSecond`, up to `burst` at once) and a
 * cap on calls in flight. Calls wait their turn in the order they asked. One pacer serves a whole
 * process (a Lambda execution environment, the CLI), whatever the number of clients.
 */
export class Pacer {
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  /** Callers waiting for a slot, in order. */
  private readonly queue: (() => void)[] = [];
  private pumping = false;
  /** Milliseconds callers spent waiting for their turn (for benchmarks and logs). */
  waitedMs = 0;

  constructor(
    readonly pace: Pace,
    private readonly clock: PacerClock,
  ) {
    this.tokens = pace.burst;
    this.refilledAt = clock.now();
  }

  /** Runs `call` when the pace allows it. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    const asked = this.clock.now();
    await new Promise<void>((resolve) => {
      this.queue.push(resolve);
      void this.pump();
    });
    this.waitedMs += Math.max(0, this.clock.now() - asked);
    try {
      return await call();
    } finally {
      this.inFlight--;
      void this.pump();
    }
  }

  /** Lets waiting callers through, one token and one slot each, sleeping until the next token. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.inFlight < this.pace.maxInFlight) {
        this.refill();
        if (this.tokens < 1) {
          await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.pace.perSecond));
          continue;
        }
        this.tokens -= 1;
        this.inFlight++;
        this.queue.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.pace.burst, this.tokens + (elapsed * this.pace.perSecond) / 1000);
    this.refilledAt = now;
  }
}
