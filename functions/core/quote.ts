/**
 * A short, safe rendering of a value taken from an event, for a rejection message: hostile events can
 * carry kilobytes in any field, and the message goes to logs and workflow output.
 */
export function quote(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
