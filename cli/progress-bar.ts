import type { OutputStream } from './runtime';

const WIDTH = 30;

/**
 * A one-line progress bar on a terminal (`[#####     ] 12/40 accounts`), redrawn in place; nothing at
 * all when the stream is not a terminal, so redirected output and logs stay clean.
 */
export class ProgressBar {
  private drawn = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly unit: string,
  ) {}

  /** Draws `done` of `total`. */
  update(done: number, total: number): void {
    if (this.stream.isTTY !== true) return;
    const filled = total === 0 ? WIDTH : Math.round((Math.min(done, total) / total) * WIDTH);
    this.stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${done}/${total} ${this.unit}`);
    this.drawn = true;
  }

  /** Ends the line, once something was drawn. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
