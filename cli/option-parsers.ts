import { InvalidArgumentError } from 'commander';

/**
 * Option values checked by the option parser itself (commander's argParser), so that a bad value is
 * refused before a command does anything, with commander's one line naming the option and the value,
 * and exit code 2 like every other usage error.
 */

/** Turns a parse function that throws on a bad value into an option parser. */
export function optionParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** A whole number from `min` to `max` (`--concurrency`). */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max))
      throw new InvalidArgumentError(`It must be a whole number from ${min} to ${max}.`);
    return number;
  };
}

/** A number of seconds from `min` to `max`, fractions allowed (`--interval`). */
export function seconds(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max))
      throw new InvalidArgumentError(`It must be seconds from ${min} to ${max}.`);
    return number;
  };
}
