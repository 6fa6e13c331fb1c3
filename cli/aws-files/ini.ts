/**
 * Lossless editing of the AWS shared config and credentials files.
 *
 * No maintained npm package edits INI byte for byte: `ini`, `js-ini`, `config-ini-parser` and
 * `multi-ini` parse into objects and serialise again, which drops comments, spacing and line endings
 * (checked on ini 7.0.0, js-ini 1.6.0, config-ini-parser 1.6.1). People keep comments, SSO sections
 * and hand-made order in these files, so orgmfa parses sections with their byte ranges and splices one
 * section, leaving every other byte as it was.
 *
 * The document is held as a latin1 ("binary") string: one character per byte, so string offsets are
 * byte offsets and any bytes, even invalid UTF-8, round-trip exactly. Names and values are converted
 * from and to UTF-8 where they are compared or written. The reading rules follow the AWS SDK's own
 * parser (`@smithy/core` parseIni), so orgmfa sees the profiles the SDKs see: `#` and `;` start a
 * comment at the start of a line or after whitespace, `key = value` lines belong to the last section
 * header, and indented lines under a key with an empty value are that key's sub-properties.
 */

/** One `key = value` line at the top level of a section. */
export interface IniEntry {
  /** The key, trimmed, as UTF-8. */
  readonly key: string;
  /** The value, trimmed and without a trailing comment, as UTF-8. */
  readonly value: string;
  /** Offset of the line's first byte. */
  readonly start: number;
  /** Offset just past the line's content, before its line ending. */
  readonly contentEnd: number;
}

/** A `[name]` section and the bytes it spans. */
export interface IniSection {
  /** What is between the brackets, trimmed, as UTF-8: `default`, `profile dev`, `sso-session corp`. */
  readonly name: string;
  /** Offset of the header line's first byte. */
  readonly start: number;
  /** Offset just past the header line (its line ending included). */
  readonly bodyStart: number;
  /** Offset of the next section's header line, or the end of the file. */
  readonly end: number;
  /** Offset just past the last line of the section that is not blank or a comment. */
  readonly contentEnd: number;
  /** The top-level entries, in file order (sub-properties are not listed). */
  readonly entries: readonly IniEntry[];
}

/** A parsed file: its exact bytes and its sections. */
export interface IniDocument {
  /** The file's bytes as a latin1 string. */
  readonly text: string;
  readonly sections: readonly IniSection[];
  /** The line ending new lines get: CRLF when the file already uses it, LF otherwise. */
  readonly eol: '\n' | '\r\n';
}

/** A document this module refuses to edit, with the reason. */
export class IniEditError extends Error {
  override readonly name = 'IniEditError';
}

const UTF8_BOM = '\xef\xbb\xbf';

function fromLatin1(text: string): string {
  return Buffer.from(text, 'latin1').toString('utf8');
}

function toLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** The line's content without a comment, as the SDK strips it. */
function stripComment(line: string): string {
  return line.split(/(?:^|\s)[;#]/)[0]!.trim();
}

interface Line {
  readonly start: number;
  /** Offset past the content, before the line ending. */
  readonly contentEnd: number;
  /** Offset past the line ending. */
  readonly end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    let contentEnd = newline < 0 ? text.length : newline;
    if (newline >= 0 && contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
    lines.push({ start, contentEnd, end });
    start = end;
  }
  return lines;
}

/** Parses a config or credentials file. */
export function parseIni(bytes: Buffer | string): IniDocument {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  const sections: IniSection[] = [];
  let open:
    { name: string; start: number; bodyStart: number; contentEnd: number; entries: IniEntry[] } | undefined;
  let subSection = false;
  const close = (end: number) => {
    if (open !== undefined) sections.push({ ...open, end });
  };
  for (const line of linesOf(text)) {
    let raw = text.slice(line.start, line.contentEnd);
    if (line.start === 0 && raw.startsWith(UTF8_BOM)) raw = raw.slice(UTF8_BOM.length);
    const content = stripComment(raw);
    if (content.startsWith('[') && content.endsWith(']')) {
      close(line.start);
      open = {
        name: fromLatin1(content.slice(1, -1).trim()),
        start: line.start,
        bodyStart: line.end,
        contentEnd: line.end,
        entries: [],
      };
      subSection = false;
      continue;
    }
    if (open === undefined || content === '') continue;
    open.contentEnd = line.end;
    const equals = content.indexOf('=');
    if (equals <= 0) continue;
    const key = content.slice(0, equals).trim();
    const value = content.slice(equals + 1).trim();
    const indented = raw.trimStart() !== raw;
    if (value === '') {
      // `s3 =` opens sub-properties: the indented lines that follow belong to it.
      subSection = true;
      open.entries.push({ key: fromLatin1(key), value: '', start: line.start, contentEnd: line.contentEnd });
      continue;
    }
    if (subSection && indented) continue;
    subSection = false;
    open.entries.push({
      key: fromLatin1(key),
      value: fromLatin1(value),
      start: line.start,
      contentEnd: line.contentEnd,
    });
  }
  close(text.length);
  return { text, sections, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** The sections named exactly `name` (a file may repeat a section; the SDKs merge the repeats). */
export function sectionsNamed(doc: IniDocument, name: string): IniSection[] {
  return doc.sections.filter((section) => section.name === name);
}

/** The values of a section's top-level entries; a repeated key keeps its last value, as in the SDKs. */
export function sectionValues(section: IniSection): Map<string, string> {
  return new Map(section.entries.map((entry) => [entry.key, entry.value]));
}

/** The merged values of every section named `name`, or undefined when there is none. */
export function valuesOf(doc: IniDocument, name: string): Map<string, string> | undefined {
  const sections = sectionsNamed(doc, name);
  if (sections.length === 0) return undefined;
  return new Map(sections.flatMap((section) => [...sectionValues(section)]));
}

/** A section name orgmfa can write as a header: no brackets, comment characters or line breaks. */
export function isWritableSectionName(name: string): boolean {
  return /^[^\s[\]#;=][^[\]#;\r\n]*$/.test(name) && name.trim() === name && name.length <= 256;
}

/**
 * Sets `values` in the section `name`, creating it at the end of the file if it does not exist, and
 * returns the new file. Only that section changes: each owned key's first line is rewritten in place
 * (its indentation and the line's own ending kept), repeats of owned keys are dropped, owned keys not
 * yet present are added after the section's last line of content, and the section's comments, other
 * keys and trailing blank lines stay. `owned` lists the keys this writer is responsible for, including ones it
 * no longer writes (they are removed). Every byte outside the section is kept.
 *
 * @throws IniEditError when the section occurs more than once (which copy would tools read?) or the
 *   name cannot be written as a header.
 */
export function upsertSection(
  doc: IniDocument,
  name: string,
  values: readonly (readonly [key: string, value: string])[],
  owned: ReadonlySet<string>,
): Buffer {
  if (!isWritableSectionName(name))
    throw new IniEditError(`cannot write a section named ${JSON.stringify(name)}`);
  for (const [key, value] of values) {
    if (!owned.has(key) || /[\r\n]/.test(value) || /[\r\n=\s]/.test(key)) {
      throw new IniEditError(`cannot write ${key} in section [${name}]`);
    }
  }
  const matches = sectionsNamed(doc, name);
  if (matches.length > 1) {
    throw new IniEditError(
      `section [${name}] appears ${matches.length} times; merge the copies by hand first`,
    );
  }
  const { text, eol } = doc;
  const line = (key: string, value: string) => toLatin1(`${key} = ${value}`);
  const section = matches[0];
  const endsWithoutBreak = text !== '' && !text.endsWith('\n');
  if (section === undefined) {
    const lines = [toLatin1(`[${name}]`), ...values.map(([key, value]) => line(key, value))].join(eol);
    // One blank line between the last section and the new one; a file that ended without a line
    // ending still does.
    const separator =
      text === '' ? '' : endsWithoutBreak ? eol + eol : text.endsWith(`${eol}${eol}`) ? '' : eol;
    return Buffer.from(`${text}${separator}${lines}${endsWithoutBreak ? '' : eol}`, 'latin1');
  }
  const pending = new Map(values);
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (const entry of section.entries) {
    if (!owned.has(entry.key)) continue;
    const value = pending.get(entry.key);
    if (value !== undefined) {
      const indent = /^[ \t]*/.exec(text.slice(entry.start, entry.contentEnd))![0];
      edits.push({ start: entry.start, end: entry.contentEnd, replacement: indent + line(entry.key, value) });
      pending.delete(entry.key);
    } else {
      edits.push({ start: entry.start, end: entryLineEnd(text, entry), replacement: '' });
    }
  }
  if (pending.size > 0) {
    // After the section's last line of content (sub-properties included), before its trailing
    // comments and blank lines, which usually introduce the next section.
    const at = section.contentEnd;
    const added = [...pending].map(([key, value]) => line(key, value));
    const atEndWithoutBreak = at === text.length && endsWithoutBreak;
    edits.push({
      start: at,
      end: at,
      // A last line without a line ending gets one, and the file still ends without one.
      replacement: atEndWithoutBreak ? eol + added.join(eol) : added.map((l) => l + eol).join(''),
    });
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const edit of edits) {
    out += text.slice(cursor, edit.start) + edit.replacement;
    cursor = edit.end;
  }
  return Buffer.from(out + text.slice(cursor), 'latin1');
}

/** Offset past an entry's line ending. */
function entryLineEnd(text: string, entry: IniEntry): number {
  const newline = text.indexOf('\n', entry.contentEnd);
  return newline < 0 ? text.length : newline + 1;
}
