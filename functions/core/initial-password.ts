import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// IAM password policies accept these symbols.
const SYMBOLS = '!@#$%^&*()_+-=[]{}|';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/** Length of a generated initial password: above any account password policy's usual minimum. */
export const INITIAL_PASSWORD_LENGTH = 24;

/**
 * A random initial console password with at least one character of each class, so it satisfies
 * any IAM account password policy's character requirements. Cryptographically random.
 */
export function generateInitialPassword(length = INITIAL_PASSWORD_LENGTH): string {
  const required = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  const rest = Array.from({ length: length - required.length }, () => ALL[randomInt(ALL.length)]!);
  const chars = [...required, ...rest];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
