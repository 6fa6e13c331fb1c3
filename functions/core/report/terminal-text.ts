/**
 * Text that reaches an operator's terminal. Names and tag values come from member accounts, so a
 * control character (an escape sequence can rewrite the screen or the window title) or a bidirectional
 * override (it can make one name read as another) is shown as a visible `\u{…}` escape instead.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character that could act on the terminal made visible. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`);
}

/** Whether to colour the output: only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb. */
export function colourEnabled(
  stream: { readonly isTty: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTty;
}
