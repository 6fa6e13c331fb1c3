/**
 * The fields of one CSV line, read without building a string per field: the credential report of a
 * large account has 100,000 rows of 22 columns, of which orgmfa reads six.
 */
export interface CsvFields {
  readonly count: number;
  /** Fields `first` to `last` as the text between them, commas included (one field when equal). */
  text(first: number, last: number): string;
  startsWith(index: number, prefix: string): boolean;
  /** Whether the field is `true` in any letter case. */
  isTrue(index: number): boolean;
}

/** A line that is not CSV: an unterminated quote, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

const LOWER_CASE = 0x20;
const TRUE = [0x74, 0x72, 0x75, 0x65]; // t r u e

/**
 * The fast path: the fields of an unquoted line as offsets into the text, found with `indexOf`. One
 * instance is reused for every line.
 */
export class OffsetFields implements CsvFields {
  private source = '';
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  count = 0;

  /** Reads the line `text[start, end)`, which holds no quote. */
  load(text: string, start: number, end: number): this {
    this.source = text;
    this.count = 0;
    let fieldStart = start;
    for (;;) {
      const comma = text.indexOf(',', fieldStart);
      const fieldEnd = comma === -1 || comma >= end ? end : comma;
      this.push(fieldStart, fieldEnd);
      if (fieldEnd === end) return this;
      fieldStart = fieldEnd + 1;
    }
  }

  private push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      // A row with more fields than any before it (commas in a name): grow, rarely.
      const grow = (from: Int32Array) => {
        const to = new Int32Array(from.length * 2);
        to.set(from);
        return to;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count += 1;
  }

  text(first: number, last: number): string {
    return this.source.slice(this.starts[first], this.ends[last]);
  }

  startsWith(index: number, prefix: string): boolean {
    return (
      this.ends[index]! - this.starts[index]! >= prefix.length &&
      this.source.startsWith(prefix, this.starts[index])
    );
  }

  isTrue(index: number): boolean {
    const start = this.starts[index]!;
    if (this.ends[index]! - start !== TRUE.length) return false;
    for (let i = 0; i < TRUE.length; i++) {
      if ((this.source.charCodeAt(start + i) | LOWER_CASE) !== TRUE[i]) return false;
    }
    return true;
  }
}

/** The slow path: the fields of a line with quotes (RFC 4180: `""` inside quotes is one quote). */
export class QuotedFields implements CsvFields {
  private constructor(private readonly values: readonly string[]) {}

  get count(): number {
    return this.values.length;
  }

  /** Reads one line; a quoted field cannot span lines here (no credential report value holds a newline). */
  static parse(line: string): QuotedFields {
    const values: string[] = [];
    let at = 0;
    for (;;) {
      if (line.charCodeAt(at) !== 0x22) {
        const comma = line.indexOf(',', at);
        values.push(line.slice(at, comma === -1 ? line.length : comma));
        if (comma === -1) return new QuotedFields(values);
        at = comma + 1;
        continue;
      }
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) throw new CsvSyntaxError(`unterminated quoted field at column ${at + 1}`);
        value += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) !== 0x22) {
          at = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      values.push(value);
      if (at === line.length) return new QuotedFields(values);
      if (line.charCodeAt(at) !== 0x2c)
        throw new CsvSyntaxError(`text after a closing quote at column ${at + 1}`);
      at += 1;
    }
  }

  text(first: number, last: number): string {
    return this.values.slice(first, last + 1).join(',');
  }

  startsWith(index: number, prefix: string): boolean {
    return this.values[index]!.startsWith(prefix);
  }

  isTrue(index: number): boolean {
    return this.values[index]!.toLowerCase() === 'true';
  }
}
