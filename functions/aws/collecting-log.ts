import type { Log } from './log';

/** One log line a handler wrote during a local run. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: readonly unknown[];
}

/**
 * The local runtime's logger: keeps what handlers log (tests scan it, the CLI can show it) and, when
 * given a sink, writes each line as JSON, as Powertools would in Lambda.
 */
export class CollectingLog implements Log {
  readonly entries: LogEntry[] = [];
  constructor(private readonly sink?: (line: string) => void) {}

  private write(level: LogEntry['level'], message: unknown, attributes: unknown[]): void {
    const entry = { level, message: String(message), attributes };
    this.entries.push(entry);
    this.sink?.(JSON.stringify(entry));
  }

  readonly debug = (message: unknown, ...attributes: unknown[]) => this.write('debug', message, attributes);
  readonly info = (message: unknown, ...attributes: unknown[]) => this.write('info', message, attributes);
  readonly warn = (message: unknown, ...attributes: unknown[]) => this.write('warn', message, attributes);
  readonly error = (message: unknown, ...attributes: unknown[]) => this.write('error', message, attributes);
}
