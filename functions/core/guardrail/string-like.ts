/**
 * IAM's `StringLike` match, for reading tags the way the guardrail's policies read them: case-sensitive,
 * `*` matches any run of characters (none included) and `?` exactly one, nothing else is special. The
 * guardrail preview evaluates the very patterns the policies carry with it, so that what it reports
 * and what AWS enforces are one rule.
 */
export function stringLike(value: string, pattern: string): boolean {
  // Characters, not UTF-16 units: a tag may hold characters outside the Basic Multilingual Plane.
  const text = Array.from(value);
  const glob = Array.from(pattern);
  let t = 0;
  let g = 0;
  // Where the last `*` was, and how much text it has swallowed so far: backtrack there on a mismatch.
  let star = -1;
  let swallowed = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
      t++;
      g++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      swallowed = t;
    } else if (star !== -1) {
      g = star + 1;
      t = ++swallowed;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** Whether `value` matches any of `patterns` (a condition's values are alternatives). */
export function stringLikeAny(value: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => stringLike(value, pattern));
}
