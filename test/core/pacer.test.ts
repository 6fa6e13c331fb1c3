import { Pacer } from '../../functions/core/pacer';

/** A clock that moves only when someone waits on it (after what is ready to run has run), as the simulation's does. */
function manualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          now += ms;
          resolve();
        }),
      ),
  };
}

describe('Pacer', () => {
  test('GIVEN 5 per second with a burst of 5 THEN 20 calls start at once for 5, then one every 200 ms', async () => {
    const clock = manualClock();
    const pacer = new Pacer({ perSecond: 5, burst: 5, maxInFlight: 100 }, clock);
    const started: number[] = [];

    await Promise.all(
      Array.from({ length: 20 }, () => pacer.run(async () => void started.push(clock.now()))),
    );

    expect(started.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(started.slice(5)).toEqual(Array.from({ length: 15 }, (_, i) => (i + 1) * 200));
    expect(pacer.waitedMs).toBeGreaterThan(0);
  });

  test('GIVEN at most 2 in flight THEN a third waits until one ends, in the order they asked', async () => {
    const pacer = new Pacer({ perSecond: 1000, burst: 1000, maxInFlight: 2 }, manualClock());
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const call = (name: string) =>
      pacer.run(
        () =>
          new Promise<void>((resolve) => {
            order.push(name);
            inFlight++;
            most = Math.max(most, inFlight);
            releases.push(() => {
              inFlight--;
              resolve();
            });
          }),
      );

    const all = Promise.all(['a', 'b', 'c', 'd'].map(call));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['a', 'b']);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;

    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBe(2);
  });

  test('a call that fails frees its slot and the failure reaches its caller', async () => {
    const pacer = new Pacer({ perSecond: 10, burst: 1, maxInFlight: 1 }, manualClock());
    await expect(pacer.run(() => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    await expect(pacer.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
