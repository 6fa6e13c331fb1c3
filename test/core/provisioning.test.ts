import { InvalidEventError } from '../../functions/core/errors';
import { identifyNewUser, readUserTarget } from '../../functions/core/user-target';
import {
  deviceNameFor,
  firstAttemptWindows,
  initialPasswordParameterName,
  provisioningScope,
  retryWindows,
  seedExpirationPolicy,
  seedParameterName,
  userSkipReason,
} from '../../functions/core/provisioning';
import { DEFAULT_PROVISIONING } from '../../functions/core/config';
import { routeEvent } from '../../functions/core/route';
import type { IamApiCall } from '../../functions/core/cloudtrail-event';
import { createUserEvent } from '../helpers/provisioning';

const settings = { ...DEFAULT_PROVISIONING, organizationalUnitIds: ['ou-a1b2-parent01'] };
const call = (requestParameters: Record<string, unknown>, errorCode?: string): IamApiCall => ({
  eventId: 'e',
  cloudTrailEventId: 'c',
  accountId: '222222222222',
  region: 'us-east-1',
  partition: 'aws',
  eventName: 'CreateUser',
  requestParameters,
  actor: 'arn:aws:iam::222222222222:user/admin',
  ...(errorCode === undefined ? {} : { errorCode }),
});

describe('provisioningScope', () => {
  test('an account in a nested OU under an enabled OU provisions', () => {
    expect(
      provisioningScope(settings, '222222222222', ['ou-a1b2-child001', 'ou-a1b2-parent01', 'r-a1b2']),
    ).toEqual({ provision: true });
  });

  test('an account listed by id provisions wherever it sits', () => {
    expect(
      provisioningScope({ ...settings, accountIds: ['333333333333'] }, '333333333333', ['r-a1b2']),
    ).toEqual({ provision: true });
  });

  test('an excluded account never provisions, even inside an enabled OU', () => {
    expect(
      provisioningScope({ ...settings, excludedAccountIds: ['222222222222'] }, '222222222222', [
        'ou-a1b2-parent01',
      ]),
    ).toEqual({
      provision: false,
      reason: 'provisioning is excluded for account 222222222222',
    });
  });

  test('by default provisioning is off everywhere', () => {
    expect(
      provisioningScope(DEFAULT_PROVISIONING, '222222222222', ['ou-a1b2-parent01', 'r-a1b2']).provision,
    ).toBe(false);
  });
});

describe('userSkipReason', () => {
  const user = {
    userName: 'dave',
    userId: 'AIDADAVE000000000001',
    path: '/',
    tags: {},
    mfaDeviceCount: 0,
    createDate: new Date('2026-11-21T09:00:00Z'),
  };
  test.each([
    [{ path: '/service/ci/' }, 'user dave is on the exempt path /service/'],
    [{ tags: { 'orgmfa:exempt': '' } }, 'user dave is tagged orgmfa:exempt'],
    [{ mfaDeviceCount: 1 }, 'user dave already has an MFA device'],
    [{}, undefined],
  ])('%j → %s', (override, reason) => {
    expect(userSkipReason(DEFAULT_PROVISIONING, { ...user, ...override })).toBe(reason);
  });
});

describe('names and the seed parameter', () => {
  test('anything but an IAM unique id is refused as a seed or password parameter name, never built into one', () => {
    for (const id of ['dave@corp', 'AIDA/../x', 'aida0000000000000001', 'AIDA00']) {
      expect(() => seedParameterName(id)).toThrow('is not an IAM unique id');
      expect(() => initialPasswordParameterName(id)).toThrow('is not an IAM unique id');
    }
  });

  test('the initial password parameter is /orgmfa/initial-password/<user id>', () => {
    expect(initialPasswordParameterName('AIDADAVE000000000001')).toBe(
      '/orgmfa/initial-password/AIDADAVE000000000001',
    );
  });

  test('the template names the device after the user', () => {
    expect(deviceNameFor('{userName}', 'dave.o+ops@corp')).toBe('dave.o+ops@corp');
    expect(deviceNameFor('orgmfa-{userName}', 'dave')).toBe('orgmfa-dave');
  });

  test('a template that gives a name IAM refuses fails loudly', () => {
    expect(() => deviceNameFor('{userName}', 'x'.repeat(227))).toThrow('which IAM does not accept');
  });

  test('the seed parameter is /orgmfa/seed/<user id>, expiring after the configured days', () => {
    expect(seedParameterName('AIDADAVE000000000001')).toBe('/orgmfa/seed/AIDADAVE000000000001');
    expect(seedExpirationPolicy(new Date('2026-11-21T09:00:00Z'), 7)).toEqual({
      expiresAt: '2026-11-28T09:00:00.000Z',
      policies:
        '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2026-11-28T09:00:00.000Z"}}]',
    });
  });
});

describe('TOTP windows of EnableMFADevice', () => {
  const window = (iso: string) => Math.floor(Date.parse(iso) / 30_000);

  test.each(['2026-11-21T09:00:00Z', '2026-11-21T09:00:29.999Z'])(
    'the first attempt at %s uses the previous and current window, no wait',
    (iso) => {
      const w = window(iso);
      expect(firstAttemptWindows(new Date(iso))).toEqual({ first: w - 1, second: w });
    },
  );

  test('the retry waits for the next window and uses the current and next', () => {
    const w = window('2026-11-21T09:00:29Z');
    expect(retryWindows(new Date('2026-11-21T09:00:29Z'))).toEqual({ first: w, second: w + 1, waitMs: 1000 });
    expect(retryWindows(new Date('2026-11-21T09:00:30Z')).waitMs).toBe(30_000);
  });
});

describe('identifyNewUser and the CreateUser route', () => {
  test('a successful CreateUser routes to ProvisionMfa with the user from the request', () => {
    expect(routeEvent(createUserEvent('222222222222', 'dave', { path: '/eng/' }), 'aws')).toMatchObject({
      route: 'ProvisionMfa',
      accountId: '222222222222',
      user: { accountId: '222222222222', partition: 'aws', userName: 'dave' },
    });
  });

  test.each([
    [
      call({ userName: 'dave' }, 'EntityAlreadyExistsException'),
      'CreateUser failed with EntityAlreadyExistsException: there is no new user',
    ],
    [call({ userName: 'a/b' }), 'userName "a/b" is not a name IAM accepts ([\\w+=,.@-], 1-64 characters)'],
    [
      call({ userName: 'x'.repeat(65) }),
      `userName "${'x'.repeat(65)}" is not a name IAM accepts ([\\w+=,.@-], 1-64 characters)`,
    ],
    [call({ userName: 'dave', path: 'eng' }), 'requestParameters.path "eng" is not an IAM path (/ or /…/)'],
  ])('rejects %#: %s', (bad, message) => {
    expect(() => identifyNewUser(bad)).toThrow(new InvalidEventError(message));
  });

  test('readUserTarget refuses a workflow input that is not a user of a valid account', () => {
    expect(() => readUserTarget({ accountId: '1', partition: 'aws', userName: 'dave' })).toThrow(
      'the new user has no valid accountId',
    );
    expect(() =>
      readUserTarget({ accountId: '222222222222', partition: 'aws-iso', userName: 'dave' }),
    ).toThrow('the new user has no valid partition');
  });
});
