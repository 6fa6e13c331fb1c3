import { ThrottledError } from '../core/errors';

/** Error codes AWS services use for throttling, as the SDK's retry strategy knows them. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  // S3's (the hub's records and reports).
  'SlowDown',
]);

/** The AWS error code of `error` (the SDK exception's `name`), or undefined for a non-AWS error. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** True when `error` is AWS saying the caller's request was denied by policy. */
export function isAccessDenied(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'AccessDenied' || name === 'AccessDeniedException';
}

/** True when `error` is AWS throttling. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(awsErrorName(error) ?? '');
}

/**
 * Rethrows AWS throttling (left after the SDK's own retries) as {@link ThrottledError}, which the
 * workflows retry with backoff; any other error is rethrown unchanged.
 */
export function rethrowThrottling(error: unknown, what: string): never {
  if (isThrottling(error)) {
    throw new ThrottledError(`${what} was throttled by AWS`, { cause: error });
  }
  throw error;
}
