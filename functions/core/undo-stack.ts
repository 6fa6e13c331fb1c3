/**
 * What to undo if a later step fails, last in first out: each completed step pushes its own undo, so
 * a failure anywhere removes exactly what was created, in reverse order.
 */
export class UndoStack {
  private readonly steps: { readonly what: string; readonly undo: () => Promise<unknown> }[] = [];

  /** Records how to undo a step that just completed. */
  push(what: string, undo: () => Promise<unknown>): void {
    this.steps.push({ what, undo });
  }

  /**
   * Undoes every recorded step, newest first. Stops at the first undo that fails (later ones may
   * depend on it, e.g. a device must be deactivated before it can be deleted) and names it.
   */
  async run(): Promise<
    | { readonly complete: true }
    | { readonly complete: false; readonly failed: string; readonly error: unknown }
  > {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.undo();
      } catch (error) {
        return { complete: false, failed: step.what, error };
      }
    }
    return { complete: true };
  }
}
