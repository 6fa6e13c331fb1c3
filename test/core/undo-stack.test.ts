import { RetriesExhausted, withRetries, type RetryPolicy } from '../../functions/core/retry';
import { UndoStack } from '../../functions/core/undo-stack';

const transient = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });

/** A policy that retries Throttling after each of `delays`, recording the pauses instead of waiting. */
function policy(delays = [1000, 2000, 4000]) {
  const slept: number[] = [];
  const retry: RetryPolicy = {
    retryable: (error) => (error as Error).name === 'Throttling',
    delaysMs: delays,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  return { retry, slept };
}

/** An undo that fails with `error` its first `failures` times, then succeeds; it logs its calls. */
function flaky(log: string[], what: string, failures: number, error: Error = transient) {
  let calls = 0;
  return async () => {
    log.push(what);
    if (++calls <= failures) throw error;
  };
}

describe('withRetries', () => {
  test('retries a retryable error once per delay, then gives up with the last error and the count', async () => {
    const { retry, slept } = policy();
    const log: string[] = [];
    await expect(withRetries(flaky(log, 'x', 10), retry)).rejects.toMatchObject({
      lastError: transient,
      attempts: 4,
    });
    expect(slept).toEqual([1000, 2000, 4000]);
  });

  test('an error that is not retryable ends the tries at once', async () => {
    const { retry, slept } = policy();
    const error = await withRetries(flaky([], 'x', 1, denied), retry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect(error).toMatchObject({ lastError: denied, attempts: 1 });
    expect(slept).toEqual([]);
  });
});

describe('UndoStack', () => {
  test('undoes newest first; pushBeneath runs after everything registered before it', async () => {
    const log: string[] = [];
    const undo = new UndoStack();
    undo.push('the device', flaky(log, 'device', 0));
    undo.pushBeneath('the seed', flaky(log, 'seed', 0));
    undo.push('the password', flaky(log, 'password', 0));

    const outcome = await undo.run(policy().retry);

    expect(log).toEqual(['password', 'device', 'seed']);
    expect(outcome).toEqual({ complete: true, undone: ['the password', 'the device', 'the seed'] });
    expect(undo.isEmpty).toBe(true);
  });

  test('an undo throttled a few times is retried until it succeeds', async () => {
    const log: string[] = [];
    const undo = new UndoStack();
    undo.push('the device', flaky(log, 'device', 2));

    expect(await undo.run(policy().retry)).toEqual({ complete: true, undone: ['the device'] });
    expect(log).toEqual(['device', 'device', 'device']);
  });

  test('an undo that keeps failing stops the run and names exactly what is left in place', async () => {
    const log: string[] = [];
    const undo = new UndoStack();
    undo.push('the device', flaky(log, 'device', 99));
    undo.pushBeneath('the seed', flaky(log, 'seed', 0));
    undo.push('the password', flaky(log, 'password', 0));

    const outcome = await undo.run(policy().retry);

    expect(outcome).toEqual({
      complete: false,
      undone: ['the password'],
      failed: 'the device',
      error: transient,
      attempts: 4,
      leftInPlace: ['the device', 'the seed'],
    });
    // The seed, which must outlive its device, was not touched.
    expect(log).toEqual(['password', 'device', 'device', 'device', 'device']);
  });

  test('an undo refused (AccessDenied) is not retried', async () => {
    const undo = new UndoStack();
    undo.push('the device', flaky([], 'device', 1, denied));
    expect(await undo.run(policy().retry)).toMatchObject({ complete: false, attempts: 1, error: denied });
  });
});
