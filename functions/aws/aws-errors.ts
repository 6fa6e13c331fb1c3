import { DeviceInTheWayError, ThrottledError } from '../core/errors';

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

/**
 * Error codes of a request refused because its entity is being changed right now, which AWS documents
 * as likely to succeed when tried again after waiting: IAM's EntityTemporarilyUnmodifiable (such as a
 * user name deleted and re-created: "likely to succeed if you try again after waiting several
 * minutes") and ConcurrentModification ("wait a few minutes and submit your request again"), both HTTP
 * 409; SSM's TooManyUpdates (concurrent updates of a resource that takes one at a time). The SDK names
 * IAM's by their exception shapes, so both spellings are listed.
 */
const BUSY = new Set([
  'EntityTemporarilyUnmodifiable',
  'EntityTemporarilyUnmodifiableException',
  'ConcurrentModification',
  'ConcurrentModificationException',
  'TooManyUpdates',
]);

/** The AWS error code of `error` (the SDK exception's `name`), or undefined for a non-AWS error. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * An error in one line: its name (the AWS error code) and the first line of its message, without the
 * request ids of later lines, so that a warning or reason reads the same on every run.
 */
export function briefly(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
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

/** Error names and codes of a request that never got an answer (the SDK's own network errors). */
const NETWORK = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

interface AwsErrorShape {
  readonly $fault?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly code?: string;
}

/**
 * True when the same request may succeed later: throttling (AWS's or orgmfa's {@link ThrottledError}),
 * an entity being changed right now (see {@link BUSY}), a fault on the service's side (5xx), or a
 * request that got no answer. Such a failure is never a reason for a destructive step, such as
 * deleting a user.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ThrottledError || isThrottling(error) || BUSY.has(awsErrorName(error) ?? '')) {
    return true;
  }
  if (!(error instanceof Error)) return false;
  const { $fault, $metadata, code } = error as Error & AwsErrorShape;
  if ($fault === 'server' || ($metadata?.httpStatusCode ?? 0) >= 500) return true;
  return NETWORK.has(error.name) || NETWORK.has(code ?? '');
}

/**
 * True when AWS answered and refused the request itself (a client fault such as AccessDenied,
 * InvalidAuthenticationCode, LimitExceeded), or when a device orgmfa may not remove holds the name a
 * new user's device needs ({@link DeviceInTheWayError}): the same request will fail again. Anything
 * else, an unknown error included, is not definitive.
 */
export function isDefinitive(error: unknown): boolean {
  if (error instanceof DeviceInTheWayError) return true;
  return (
    error instanceof Error && (error as Error & AwsErrorShape).$fault === 'client' && !isTransient(error)
  );
}

/**
 * `call`, with "it is not there" (the errors named `gone`) counted as done: a deletion may be retried
 * after it took effect.
 */
export async function unlessGone(call: Promise<unknown>, ...gone: string[]): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof Error && gone.includes(error.name))) throw error;
  }
}
