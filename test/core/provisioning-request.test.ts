import { InvalidEventError } from '../../functions/core/errors';
import { readProvisioningRequest } from '../../functions/core/provisioning-request';

const user = {
  accountId: '222222222222',
  partition: 'aws',
  userName: 'carol@example.com',
  cloudTrailEventId: 'e',
};
const execution = '3f6c2d1e-0b9a-4c8d-9e7f-5a4b3c2d1e0f';

describe('readProvisioningRequest', () => {
  test.each([
    [0, 4, false],
    [3, 4, false],
    [4, 4, true],
    [0, 0, true],
  ])('retry %i of %i retries: last attempt %s', (retryCount, throttledRetries, lastAttempt) => {
    expect(readProvisioningRequest({ user, retryCount, throttledRetries, execution })).toEqual({
      ...user,
      retryCount,
      lastAttempt,
      execution,
    });
  });

  test.each([
    [
      'no retry count',
      { user, throttledRetries: 4, execution },
      'the provisioning request has no valid retryCount',
    ],
    [
      'a negative count',
      { user, retryCount: -1, throttledRetries: 4, execution },
      'the provisioning request has no valid retryCount',
    ],
    [
      'no retry limit',
      { user, retryCount: 0, execution },
      'the provisioning request has no valid throttledRetries',
    ],
    [
      'no execution',
      { user, retryCount: 0, throttledRetries: 4 },
      'the provisioning request names no workflow execution',
    ],
    [
      'an execution name with a space',
      { user, retryCount: 0, throttledRetries: 4, execution: 'a b' },
      'the provisioning request names no workflow execution',
    ],
    [
      'a bad user',
      { user: { ...user, userName: 'a/b' }, retryCount: 0, throttledRetries: 4, execution },
      'userName "a/b" is not a name IAM accepts',
    ],
    ['not an object', 'x', 'the provisioning request is not an object'],
  ])('%s is an invalid request', (_label, input, message) => {
    expect(() => readProvisioningRequest(input)).toThrow(InvalidEventError);
    expect(() => readProvisioningRequest(input)).toThrow(message);
  });
});
