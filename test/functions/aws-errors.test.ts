import {
  ConcurrentModificationException,
  EntityTemporarilyUnmodifiableException,
  InvalidAuthenticationCodeException,
} from '@aws-sdk/client-iam';
import { TooManyUpdates } from '@aws-sdk/client-ssm';
import { isDefinitive, isTransient } from '../../functions/aws/aws-errors';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'refused' });

describe('isTransient / isDefinitive: what a retry may fix, and what only justifies deleting a user', () => {
  test.each([
    ['EntityTemporarilyUnmodifiableException', new EntityTemporarilyUnmodifiableException(meta(409))],
    ['ConcurrentModificationException', new ConcurrentModificationException(meta(409))],
    ['TooManyUpdates', new TooManyUpdates(meta(400))],
  ])('%s (a client fault AWS says to retry after waiting) is transient, never definitive', (_name, error) => {
    expect(error.$fault).toBe('client');
    expect(isTransient(error)).toBe(true);
    expect(isDefinitive(error)).toBe(false);
  });

  test('the same codes as IAM sends them on the wire (a plain error named by the code) are transient too', () => {
    for (const code of ['EntityTemporarilyUnmodifiable', 'ConcurrentModification']) {
      const error = Object.assign(new Error('refused'), { name: code, $fault: 'client' });
      expect([code, isTransient(error), isDefinitive(error)]).toEqual([code, true, false]);
    }
  });

  test('a refused authentication code stays definitive', () => {
    const error = new InvalidAuthenticationCodeException(meta(403));
    expect([isTransient(error), isDefinitive(error)]).toEqual([false, true]);
  });
});
