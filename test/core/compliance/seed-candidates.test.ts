import type { FindingRecord } from '../../../functions/core/compliance/model';
import {
  isSeedCandidate,
  reportedSeedUsers,
  SEED_CHECK_MARGIN_DAYS,
  type SeedCheck,
} from '../../../functions/core/compliance/seed-candidates';
import { deviceArn } from './fixtures';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const check = (over: Partial<SeedCheck> = {}): SeedCheck => ({
  seedExpirationDays: 7,
  reported: new Set(),
  ...over,
});

describe('isSeedCandidate: which assigned devices the sweep reads the tags of (ORGMFA.4)', () => {
  test.each([
    [
      'named after its user, enabled a day ago',
      true,
      { serialNumber: deviceArn('gina'), userName: 'gina', enableDate: daysAgo(1) },
      check(),
    ],
    [
      'named after its user, enabled at the edge (seed lifetime plus margin)',
      true,
      { serialNumber: deviceArn('gina'), userName: 'gina', enableDate: daysAgo(7 + SEED_CHECK_MARGIN_DAYS) },
      check(),
    ],
    [
      'named after its user, enabled a millisecond past the edge',
      false,
      {
        serialNumber: deviceArn('gina'),
        userName: 'gina',
        enableDate: new Date(daysAgo(7 + SEED_CHECK_MARGIN_DAYS).getTime() - 1),
      },
      check(),
    ],
    [
      'named after its user, enabled long ago',
      false,
      { serialNumber: deviceArn('gina'), userName: 'gina', enableDate: daysAgo(400) },
      check(),
    ],
    [
      'named after its user, no EnableDate (IAM always gives one; not provably old)',
      true,
      { serialNumber: deviceArn('gina'), userName: 'gina' },
      check(),
    ],
    [
      // Any name: the template may have changed since provisioning, or the user been renamed.
      'named otherwise, enabled a day ago',
      true,
      { serialNumber: deviceArn('gina-phone'), userName: 'gina', enableDate: daysAgo(1) },
      check(),
    ],
    [
      'named otherwise, enabled long ago',
      false,
      { serialNumber: deviceArn('gina-phone'), userName: 'gina', enableDate: daysAgo(400) },
      check(),
    ],
    [
      'on a path, named after its user',
      true,
      { serialNumber: 'arn:aws:iam::111122223333:mfa/team/gina', userName: 'gina', enableDate: daysAgo(1) },
      check(),
    ],
    [
      'enabled within a longer configured seed lifetime',
      true,
      { serialNumber: deviceArn('gina'), userName: 'gina', enableDate: daysAgo(30) },
      check({ seedExpirationDays: 30 }),
    ],
    [
      'enabled long ago, its ORGMFA.4 finding ACTIVE',
      true,
      { serialNumber: deviceArn('gina'), userName: 'gina', enableDate: daysAgo(400) },
      check({ reported: new Set(['gina']) }),
    ],
    [
      'named otherwise (template changed since), its ORGMFA.4 finding ACTIVE',
      true,
      { serialNumber: deviceArn('old-gina'), userName: 'gina', enableDate: daysAgo(400) },
      check({ reported: new Set(['gina']) }),
    ],
  ])('GIVEN a device %s THEN candidate: %s', (_label, expected, device, settings) => {
    expect(isSeedCandidate(device, settings, NOW)).toBe(expected);
  });
});

describe('reportedSeedUsers: the users whose ORGMFA.4 finding is ACTIVE in the record', () => {
  const record = (over: Partial<FindingRecord>): FindingRecord => ({
    id: 'x',
    control: 'ORGMFA.4',
    resourceId: 'AWS::::Account:111122223333',
    subject: 'seed:gina',
    status: 'FAILED',
    evidenceAt: NOW.toISOString(),
    ...over,
  });

  test('GIVEN failed, exempt, passed and other controls’ records THEN only the active ORGMFA.4 users', () => {
    expect(
      reportedSeedUsers([
        record({}),
        record({ subject: 'seed:hal', status: 'EXEMPT' }),
        record({ subject: 'seed:ivy', status: 'PASSED' }),
        record({ control: 'ORGMFA.3', subject: 'seed:jon' }),
        record({ subject: 'device:kim' }),
        record({ subject: 'seed:a,b@c' }),
      ]),
    ).toEqual(new Set(['gina', 'hal', 'a,b@c']));
  });
});
