import { listingLifetimeMs, MembershipCache } from '../../functions/core/membership-cache';

const ACTIVE = {
  id: '222222222222',
  arn: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222',
  state: 'ACTIVE',
};
const SUSPENDED = { ...ACTIVE, state: 'SUSPENDED' };

describe('MembershipCache', () => {
  test('an observation is trusted for the TTL from when it was made, then gone', () => {
    let now = 1_000_000;
    const cache = new MembershipCache(15 * 60_000, () => now);
    cache.put(ACTIVE, now - 60_000);

    now += 14 * 60_000;
    expect(cache.get(ACTIVE.id)).toEqual(ACTIVE);
    now += 60_001;
    expect(cache.get(ACTIVE.id)).toBeUndefined();
  });

  test('of two observations the later wins, whichever arrives last', () => {
    const now = 1_000_000;
    const cache = new MembershipCache(15 * 60_000, () => now);
    // A fresh DescribeAccount, then an older listing loaded: the listing does not overwrite it.
    cache.put(SUSPENDED, now - 1000);
    cache.put(ACTIVE, now - 600_000);
    expect(cache.get(ACTIVE.id)?.state).toBe('SUSPENDED');
    cache.put(ACTIVE, now);
    expect(cache.get(ACTIVE.id)?.state).toBe('ACTIVE');
  });

  test('of two observations of the same instant the first stays (a DescribeAccount, then the listing started then)', () => {
    const now = 1_000_000;
    const cache = new MembershipCache(15 * 60_000, () => now);
    cache.put(SUSPENDED, now);
    cache.put(ACTIVE, now, 6 * 3_600_000);
    expect(cache.get(ACTIVE.id)?.state).toBe('SUSPENDED');
  });

  test('an observation already older than the TTL, or any with a TTL of 0, is not kept', () => {
    const now = 1_000_000;
    const cache = new MembershipCache(60_000, () => now);
    cache.put(ACTIVE, now - 60_001);
    expect(cache.get(ACTIVE.id)).toBeUndefined();
    const off = new MembershipCache(0, () => now);
    off.put(ACTIVE, now);
    expect(off.get(ACTIVE.id)).toBeUndefined();
  });

  test('forget drops an account', () => {
    const cache = new MembershipCache(60_000, () => 0);
    cache.put(ACTIVE, 0);
    cache.forget(ACTIVE.id);
    expect(cache.get(ACTIVE.id)).toBeUndefined();
  });
});

describe('an observation with a lifetime of its own', () => {
  test('is trusted for that lifetime, not the TTL', () => {
    let now = 0;
    const cache = new MembershipCache(15 * 60_000, () => now);
    cache.put(ACTIVE, 0, 6 * 3_600_000);
    now = 6 * 3_600_000;
    expect(cache.get(ACTIVE.id)).toEqual(ACTIVE);
    now += 1;
    expect(cache.get(ACTIVE.id)).toBeUndefined();
  });

  test('is not kept when the cache is off, whatever its lifetime', () => {
    const off = new MembershipCache(0, () => 0);
    off.put(ACTIVE, 0, 6 * 3_600_000);
    expect(off.get(ACTIVE.id)).toBeUndefined();
  });
});

describe('listingLifetimeMs: how long a listed state is trusted, from the listing', () => {
  const HOUR = 3_600_000;
  const TTL = 15 * 60_000;
  test.each([
    ['ACTIVE, next listing in 6 h', 'ACTIVE', 6 * HOUR, 6 * HOUR + TTL],
    ['ACTIVE, next listing in 1 day', 'ACTIVE', 24 * HOUR, 24 * HOUR + TTL],
    ['ACTIVE, next listing unknown (cron)', 'ACTIVE', undefined, TTL],
    ['ACTIVE, a next listing not after this one', 'ACTIVE', 0, TTL],
    ['SUSPENDED', 'SUSPENDED', 6 * HOUR, TTL],
    ['PENDING_CLOSURE', 'PENDING_CLOSURE', 6 * HOUR, TTL],
  ])('%s', (_case, state, dueAfter, expected) => {
    const listedAt = 1_000_000;
    const due = dueAfter === undefined ? undefined : listedAt + dueAfter;
    expect(listingLifetimeMs(state, listedAt, due, TTL)).toBe(expected);
  });
});
