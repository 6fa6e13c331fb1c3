/** A configuration value is missing or malformed. The message names the key and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

type Raw = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads typed values from one object of the configuration, naming the full key path
 * (`orgmfa.provisioning.seedExpirationDays`) in every {@link ConfigError}.
 */
export class ConfigReader {
  constructor(
    private readonly raw: Raw,
    private readonly path: string,
  ) {}

  private fail(key: string, expected: string): never {
    throw new ConfigError(
      `${this.path}.${key} must be ${expected}, got ${JSON.stringify(this.raw[key]) ?? 'nothing'}`,
    );
  }

  /** A required string matching `pattern`. */
  string(key: string, pattern: RegExp, expected: string): string {
    const value = this.raw[key];
    if (typeof value !== 'string' || !pattern.test(value)) this.fail(key, expected);
    return value;
  }

  /** An optional string matching `pattern`, `fallback` when absent. */
  optionalString(key: string, pattern: RegExp, expected: string, fallback: string): string {
    return this.raw[key] === undefined ? fallback : this.string(key, pattern, expected);
  }

  /** An optional boolean. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, 'true or false');
    return value;
  }

  /** An optional integer within `[min, max]`. */
  integer(key: string, min: number, max: number, fallback: number): number {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /** A list of strings each matching `pattern` (`item` describes one); `required` lists must not be empty. */
  list(
    key: string,
    pattern: RegExp,
    item: string,
    options: { required?: boolean; fallback?: string[] } = {},
  ): string[] {
    const value = this.raw[key] ?? options.fallback ?? [];
    if (!Array.isArray(value)) this.fail(key, 'a list');
    if (options.required === true && value.length === 0) this.fail(key, 'a non-empty list');
    return value.map((entry: unknown) => {
      if (typeof entry !== 'string' || !pattern.test(entry)) {
        throw new ConfigError(`${this.path}.${key} has ${JSON.stringify(entry)}, which is not ${item}`);
      }
      return entry;
    });
  }

  /** A nested object, as a reader; an absent one reads as empty (all defaults). */
  section(key: string): ConfigReader {
    const value = this.raw[key] ?? {};
    if (!isRecord(value)) this.fail(key, 'an object');
    return new ConfigReader(value, `${this.path}.${key}`);
  }
}
