import { readIamApiCall } from '../../functions/core/cloudtrail-event';
import { InvalidEventError } from '../../functions/core/errors';
import { routeEvent } from '../../functions/core/route';
import { exampleEvent } from '../helpers/simulated-org';
import { eventBytes, paddedTo } from './event-files';

const PROD = '222222222222';
const LIMIT = 256 * 1024;

function example(): Record<string, unknown> {
  return exampleEvent('orphan-clash');
}
function detailOf(event: Record<string, unknown>): Record<string, unknown> {
  return event.detail as Record<string, unknown>;
}

describe('readIamApiCall', () => {
  test('GIVEN the example event THEN it returns its parts', () => {
    expect(readIamApiCall(example(), 'aws')).toEqual({
      eventId: '6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
      cloudTrailEventId: 'c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5',
      accountId: PROD,
      region: 'us-east-1',
      partition: 'aws',
      eventName: 'CreateVirtualMFADevice',
      errorCode: 'EntityAlreadyExistsException',
      requestParameters: { virtualMFADeviceName: 'alice-phone', path: '/' },
      actor: `arn:aws:iam::${PROD}:user/alice`,
      callerUserName: 'alice',
      eventTime: '2026-11-21T09:15:01.000Z',
    });
  });

  test.each([
    ['with an offset', '2026-11-21T10:15:01+01:00', '2026-11-21T09:15:01.000Z'],
    ['with milliseconds', '2026-11-21T09:15:01.250Z', '2026-11-21T09:15:01.250Z'],
  ])('GIVEN an eventTime %s THEN it is normalized to UTC', (_, eventTime, expected) => {
    const event = example();
    detailOf(event).eventTime = eventTime;

    expect(readIamApiCall(event, 'aws').eventTime).toBe(expected);
  });

  test.each([
    ['without a zone', '2026-11-21T09:15:01'],
    ['that does not exist', '2026-02-30T09:15:01Z'],
    ['in another format', 'Sat, 21 Nov 2026 09:15:01 GMT'],
  ])(
    'GIVEN an eventTime %s THEN the event is rejected: the device record orders facts by it',
    (_, eventTime) => {
      const event = example();
      detailOf(event).eventTime = eventTime;

      expect(() => readIamApiCall(event, 'aws')).toThrow(
        new InvalidEventError(
          `detail.eventTime ${JSON.stringify(eventTime)} is not an ISO 8601 time with a zone`,
        ),
      );
    },
  );

  test('GIVEN a bad event THEN the error is an InvalidEventError named InvalidEvent (the ASL contract)', () => {
    let error: unknown;
    try {
      readIamApiCall({}, 'aws');
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).name).toBe('InvalidEvent');
    expect((error as Error).message).toBe('source is undefined, not "aws.iam"');
  });

  test('GIVEN an event of exactly 256 KB THEN it is read; one byte more is rejected', () => {
    const atLimit = paddedTo(example(), LIMIT);
    const overLimit = paddedTo(example(), LIMIT + 1);

    expect(eventBytes(atLimit)).toBe(LIMIT);
    expect(readIamApiCall(atLimit, 'aws').accountId).toBe(PROD);
    expect(() => readIamApiCall(overLimit, 'aws')).toThrow(
      new InvalidEventError('the event is larger than EventBridge allows (256 KB)'),
    );
  });

  test('GIVEN a size counted in UTF-8 bytes, not characters THEN multi-byte padding counts fully', () => {
    const event = paddedTo(example(), LIMIT - 1000);
    // 400 three-byte characters: 1200 bytes but only 400 characters.
    detailOf(event).userAgent = `${detailOf(event).userAgent as string}${'€'.repeat(400)}`;

    expect(() => readIamApiCall(event, 'aws')).toThrow(
      'the event is larger than EventBridge allows (256 KB)',
    );
  });

  test('GIVEN a successful call THEN it has no errorCode', () => {
    const event = example();
    delete detailOf(event).errorCode;

    expect(readIamApiCall(event, 'aws')).not.toHaveProperty('errorCode');
  });

  test('GIVEN no detail.eventID THEN the CloudTrail id falls back to the EventBridge id', () => {
    const event = example();
    delete detailOf(event).eventID;

    expect(readIamApiCall(event, 'aws').cloudTrailEventId).toBe('6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f');
  });

  test.each([
    [
      'an AWS service, which CloudTrail records without an ARN',
      { type: 'AWSService', invokedBy: 'sso.amazonaws.com' },
      'AWSService',
    ],
    ['no userIdentity', undefined, 'unknown'],
    ['a userIdentity that is not an object', 'alice', 'unknown'],
    [
      'an ARN too long to be one, and a long type',
      { arn: 'a'.repeat(3000), type: 'T'.repeat(100) },
      'T'.repeat(64),
    ],
  ])('GIVEN %s THEN the actor is %p', (_, userIdentity, actor) => {
    const event = example();
    detailOf(event).userIdentity = userIdentity;

    expect(readIamApiCall(event, 'aws').actor).toBe(actor);
  });

  test('GIVEN no recipientAccountId and no awsRegion THEN the envelope alone is trusted', () => {
    const event = example();
    delete detailOf(event).recipientAccountId;
    delete detailOf(event).awsRegion;

    expect(readIamApiCall(event, 'aws')).toMatchObject({ accountId: PROD, region: 'us-east-1' });
  });
});

/**
 * A rejection reason is logged and becomes the workflow's output, so it must stay short whatever the
 * event carries: orphan.ts renders hostile values with at most 80 characters for that reason. An
 * event of up to 256 KB can put a 200 KB string in a field that readIamApiCall echoes in full.
 */
describe('rejection reasons stay short whatever the event carries', () => {
  const HUGE = 'x'.repeat(200 * 1024);
  const MAX_REASON = 4 * 1024;

  test.each([
    ['source', (e: Record<string, unknown>) => (e.source = HUGE)],
    ['detail-type', (e: Record<string, unknown>) => (e['detail-type'] = HUGE)],
    ['detail.eventSource', (e: Record<string, unknown>) => (detailOf(e).eventSource = HUGE)],
    ['region (bounded at 2048 characters)', (e: Record<string, unknown>) => (e.region = 'r'.repeat(2048))],
    [
      'detail.eventName (bounded at 2048 characters)',
      (e: Record<string, unknown>) => (detailOf(e).eventName = 'N'.repeat(2048)),
    ],
    [
      'detail.errorCode (bounded at 2048 characters)',
      (e: Record<string, unknown>) => (detailOf(e).errorCode = 'E'.repeat(2048)),
    ],
    [
      'the device name',
      (e: Record<string, unknown>) => {
        (detailOf(e).requestParameters as Record<string, unknown>).virtualMFADeviceName = HUGE;
      },
    ],
  ])('GIVEN a 2 KB to 200 KB %s THEN the reason is at most 4 KB', (_, mutate) => {
    const event = example();
    mutate(event);

    const route = routeEvent(event, 'aws');

    expect(route.route).toBe('Reject');
    expect(route.reason!.length).toBeLessThanOrEqual(MAX_REASON);
  });
});
