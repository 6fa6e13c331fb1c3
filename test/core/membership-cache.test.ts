import { MembershipCache } from '../../functions/core/membership-cache';

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
