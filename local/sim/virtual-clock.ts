/**
 * The simulation's clock. `sleep` moves it forward instead of waiting, so a workflow that waits for
 * the next TOTP window or a credential report runs at once. Without a start it follows real time (the
 * CLI); with one it stands still at that time except for what `sleep` and `set` do, so tests can state
 * exact timestamps.
 */
export class VirtualClock {
  private readonly base: () => number;
  private offsetMs = 0;

  /** Starts at `start` and stands still there, or follows real time when no start is given. */
  constructor(start?: Date) {
    const fixed = start?.getTime();
    this.base = fixed === undefined ? () => Date.now() : () => fixed;
  }

  readonly now = (): Date => new Date(this.base() + this.offsetMs);

  /** "Waits" `ms` by moving the clock forward. */
  readonly sleep = async (ms: number): Promise<void> => {
    this.offsetMs += Math.max(0, ms);
  };

  /** Moves the clock to `time`. */
  set(time: Date): void {
    this.offsetMs = time.getTime() - this.base();
  }
}
