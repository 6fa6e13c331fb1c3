/**
 * The simulation's clock: real time plus an offset that `sleep` advances instead of waiting, so a
 * workflow that waits for the next TOTP window runs at once, and tests can set the time to the second.
 */
export class VirtualClock {
  private offsetMs: number;

  /** Starts at `start` (default: now). */
  constructor(start?: Date) {
    this.offsetMs = start === undefined ? 0 : start.getTime() - Date.now();
  }

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** "Waits" `ms` by moving the clock forward. */
  readonly sleep = async (ms: number): Promise<void> => {
    this.offsetMs += Math.max(0, ms);
  };

  /** Moves the clock to `time`. */
  set(time: Date): void {
    this.offsetMs = time.getTime() - Date.now();
  }
}
