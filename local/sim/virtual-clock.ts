/** Something that happens in the simulated world at a given time. */
interface Scheduled {
  readonly at: number;
  readonly action: () => Promise<void> | void;
}

/**
 * The simulation's clock. `sleep` moves it forward instead of waiting, so a workflow that waits for
 * the next TOTP window, a credential report or the end of the enrolment window runs at once. Without
 * a start it follows real time (the CLI); with one it stands still at that time except for what
 * `sleep` and `set` do, so tests can state exact timestamps. Actions scheduled with `schedule` happen
 * while something sleeps past their time: a user who enables a device while a workflow waits, a
 * delayed event that arrives meanwhile.
 */
export class VirtualClock {
  private readonly base: () => number;
  private offsetMs = 0;
  private readonly scheduled: Scheduled[] = [];

  /** Starts at `start` and stands still there, or follows real time when no start is given. */
  constructor(start?: Date) {
    const fixed = start?.getTime();
    this.base = fixed === undefined ? () => Date.now() : () => fixed;
  }

  readonly now = (): Date => new Date(this.base() + this.offsetMs);

  /**
   * "Waits" `ms` by moving the clock forward. Scheduled actions due by then run first, in time order,
   * each with the clock at its time (an action may itself sleep and move the clock further).
   */
  readonly sleep = async (ms: number): Promise<void> => {
    const end = this.now().getTime() + Math.max(0, ms);
    for (;;) {
      const due = this.scheduled.filter((s) => s.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.scheduled.splice(this.scheduled.indexOf(due), 1);
      if (due.at > this.now().getTime()) this.set(new Date(due.at));
      await due.action();
    }
    if (end > this.now().getTime()) this.set(new Date(end));
  };

  /** Moves the clock to `time`. */
  set(time: Date): void {
    this.offsetMs = time.getTime() - this.base();
  }

  /** Runs `action` when a sleep passes `time` (at once with the next sleep, if `time` is past). */
  schedule(time: Date, action: () => Promise<void> | void): void {
    this.scheduled.push({ at: time.getTime(), action });
  }
}
