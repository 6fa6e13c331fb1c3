import { RetriesExhausted, withRetries, type RetryPolicy } from './retry';

/** An undo that could not be done: what it was to remove, why it failed, and what is left in place. */
export interface IncompleteUndo {
  readonly complete: false;
  /** What was removed before the failed undo. */
  readonly undone: readonly string[];
  /** What the failed undo was to remove (e.g. "the virtual MFA device arn:…"). */
  readonly failed: string;
  readonly error: unknown;
  readonly attempts: number;
  /** Everything still in place, the failed one first: nothing after a failed undo is attempted. */
  readonly leftInPlace: readonly string[];
}

/** The outcome of {@link UndoStack.run}. */
export type UndoOutcome = { readonly complete: true; readonly undone: readonly string[] } | IncompleteUndo;

interface Entry {
  readonly what: string;
  readonly undo: () => Promise<unknown>;
}

/**
 * What to undo if a later step fails: each completed step registers how to remove what it created,
 * named by what it is, so a failure anywhere removes exactly what was created, or says exactly what
 * is left.
 */
export class UndoStack {
  private readonly entries: Entry[] = [];

  /** Registers the removal of `what`, created by a step that just completed: undone first (LIFO). */
  push(what: string, undo: () => Promise<unknown>): void {
    this.entries.push({ what, undo });
  }

  /**
   * Registers the removal of `what` to run after every removal registered so far: for something that
   * must outlive what was created before it (a device's seed outlives the device, so that an enabled
   * device is never left without its seed).
   */
  pushBeneath(what: string, undo: () => Promise<unknown>): void {
    this.entries.unshift({ what, undo });
  }

  /** Whether anything was created. */
  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /**
   * Undoes every registered step in order, each retried under `policy`. Stops at the first undo that
   * still fails (later ones may depend on it: a device's seed is removed only after the device) and
   * names it and everything left in place.
   */
  async run(policy: RetryPolicy): Promise<UndoOutcome> {
    const undone: string[] = [];
    while (this.entries.length > 0) {
      const entry = this.entries.at(-1)!;
      try {
        await withRetries(entry.undo, policy);
      } catch (error) {
        const exhausted = error as RetriesExhausted;
        return {
          complete: false,
          undone,
          failed: entry.what,
          error: exhausted.lastError,
          attempts: exhausted.attempts,
          leftInPlace: this.entries.map((e) => e.what).reverse(),
        };
      }
      this.entries.pop();
      undone.push(entry.what);
    }
    return { complete: true, undone };
  }
}
