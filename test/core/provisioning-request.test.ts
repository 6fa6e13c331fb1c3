import { InvalidEventError } from '../../functions/core/errors';
import { readProvisioningRequest } from '../../functions/core/provisioning-request';

const user = {
  accountId: '222222222222',
  partition: 'aws',
  userName: 'carol@example.com',
  cloudTrailEventId: 'e',
};

describe('readProvisioningRequest', () => {
  test.each([
    [0, 4, false],
    [3, 4, false],
    [4, 4, true],
    [0, 0, true],
  ])('retry %i of %i retries: last attempt %s', (retryCount, throttledRetries, lastAttempt) => {
    expect(readProvisioningRequest({ user, retryCount, throttledRetries })).toEqual({
      ...user,
      retryCount,
      lastAttempt,
    });
  });

  test.each([
    ['no retry count', { user, throttledRetries: 4 }, 'the provisioning request has no valid retryCount'],
    [
      'a negative count',
      { user, retryCount: -1, throttledRetries: 4 },
      'the provisioning request has no valid retryCount',
    ],
    ['no retry limit', { user, retryCount: 0 }, 'the provisioning request has no valid throttledRetries'],
    [
      'a bad user',
      { user: { ...user, userName: 'a/b' }, retryCount: 0, throttledRetries: 4 },
      'userName "a/b" is not a name IAM accepts',
    ],
    ['not an object', 'x', 'the provisioning request is not an object'],
  ])('%s is an invalid request', (_label, input, message) => {
    expect(() => readProvisioningRequest(input)).toThrow(InvalidEventError);
    expect(() => readProvisioningRequest(input)).toThrow(message);
  });
});
