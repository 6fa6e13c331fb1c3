/** One CSV field (RFC 4180): quoted, with inner quotes doubled, when it holds a quote, comma or newline. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line of `fields`. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
