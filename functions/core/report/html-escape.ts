/**
 * Escaping for the HTML report. Everything from AWS (user names, account and OU names, tag values such
 * as an exemption's reason) is attacker-controlled text: it reaches the page only through these.
 */

const HTML_SPECIAL: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` as HTML text or a quoted attribute value: no character of it can open a tag or end the attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_SPECIAL[char]!);
}

/**
 * `value` as JSON to place inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * `\u003c`-style escapes (valid JSON, the same value), so no string can close the script element or
 * open a comment; U+2028/U+2029 likewise, for any reader that treats them as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
