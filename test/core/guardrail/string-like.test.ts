import { stringLike, stringLikeAny } from '../../../functions/core/guardrail/string-like';

describe("stringLike: IAM's StringLike (`*` any run, `?` one character, case-sensitive)", () => {
  test.each<[string, string, boolean]>([
    ['', '', true],
    ['', '*', true],
    ['', '?', false],
    ['a', '', false],
    ['2025-06-13', '2025-06-13*', true],
    ['2025-06-13T10:00:00Z', '2025-06-13*', true],
    ['2025-06-1', '2025-06-1?*', false],
    ['2025-06-1x', '2025-06-1?*', true],
    ['2025-07-45', '2025-07-??*', true],
    ['2025-07-4', '2025-07-??*', false],
    ['abcbcd', 'a*bcd', true],
    ['abcbce', 'a*bcd', false],
    ['aXbXc', '*X*X*', true],
    ['aXb', '*X*X*', false],
    ['ORGMFA', 'orgmfa', false],
    ['a*b', 'a?b', true],
    [' legacy', ' *', true],
    ['legacy ', ' *', false],
    ['\u3000', '\u3000*', true],
    // A character outside the Basic Multilingual Plane is one character for `?`.
    ['\u{1F512}', '?', true],
  ])('%j against %j is %s', (value, pattern, expected) => {
    expect(stringLike(value, pattern)).toBe(expected);
  });

  test('any of several patterns', () => {
    expect(stringLikeAny('b', ['a', 'b'])).toBe(true);
    expect(stringLikeAny('c', ['a', 'b'])).toBe(false);
    expect(stringLikeAny('c', [])).toBe(false);
  });
});
