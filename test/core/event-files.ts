import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures/events */
export const EVENTS_DIR = join(__dirname, '..', 'fixtures', 'events');
const SHAPES_DIR = join(EVENTS_DIR, 'shapes');
const CORPUS_DIR = join(EVENTS_DIR, 'corpus');
const EXPECTATIONS_FILE = 'expectations.json';

/** A realistic event of test/fixtures/events/shapes/, parsed. */
export function shapeEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SHAPES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The names of test/fixtures/events/shapes/*.json, without the extension. */
export function shapeNames(): string[] {
  return readdirSync(SHAPES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/**
 * What the hostile corpus expects of one event. `stage` says which part of orgmfa must stop it:
 * - `route`: ParseEvent (pure) rejects it with exactly `reason`;
 * - `membership`: it is well-formed, so ParseEvent routes it, and the membership gate rejects it;
 * - `member-role`: the account has no member role, so the workflow fails naming the account;
 * - `duplicate`: a valid event delivered twice; the second run finds nothing to delete.
 * - `record`: a valid device event that orgmfa only records in its hub (a creation, a deletion): no
 *   call into any member account, and nothing changes there.
 */
export type CorpusExpectation =
  | { readonly stage: 'route'; readonly reason: string }
  | { readonly stage: 'membership'; readonly serialNumber: string; readonly reason: string }
  | {
      readonly stage: 'member-role';
      readonly serialNumber: string;
      readonly errorStartsWith: string;
      readonly errorContains: string;
    }
  | { readonly stage: 'duplicate'; readonly serialNumber: string; readonly reason: string }
  | { readonly stage: 'record'; readonly serialNumber: string; readonly kind: string };

/** The corpus event files (test/fixtures/events/corpus/*.json), sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json') && f !== EXPECTATIONS_FILE)
    .sort();
}

/** A corpus event, parsed: anything JSON can hold, not necessarily an object. */
export function corpusEvent(file: string): unknown {
  return JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as unknown;
}

/** test/fixtures/events/corpus/expectations.json: corpus file name → expectation. */
export function corpusExpectations(): Record<string, CorpusExpectation> {
  return JSON.parse(readFileSync(join(CORPUS_DIR, EXPECTATIONS_FILE), 'utf8')) as Record<
    string,
    CorpusExpectation
  >;
}

/** Bytes of an event as EventBridge would carry it (compact JSON, UTF-8). */
export function eventBytes(event: unknown): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

/**
 * A copy of `event` padded (through `detail.userAgent`) to exactly `bytes` bytes of compact JSON.
 * Built in the test rather than stored, to keep the repository's fixtures small.
 */
export function paddedTo(event: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const copy = structuredClone(event);
  const detail = copy.detail as Record<string, unknown>;
  detail.userAgent = '';
  const missing = bytes - eventBytes(copy);
  if (missing < 0) throw new Error(`the event is already ${eventBytes(copy)} bytes`);
  detail.userAgent = 'x'.repeat(missing);
  return copy;
}
