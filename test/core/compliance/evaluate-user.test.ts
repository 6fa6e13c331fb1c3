import { evaluateUser } from '../../../functions/core/compliance/evaluate-user';
import type { ControlId, ControlResult } from '../../../functions/core/compliance/model';
import { EVIDENCE_AT, user, userArn } from './fixtures';

const settings = { now: new Date('2025-06-15T10:00:00Z'), orphanGraceHours: 24 };

/** The result of `control` among a user's results. */
function resultOf(results: readonly ControlResult[], control: ControlId): ControlResult {
  return results.find((result) => result.control === control)!;
}

const expected = (
  userName: string,
  control: ControlId,
  status: ControlResult['status'],
  detail: string,
): ControlResult => ({
  control,
  resource: { type: 'AwsIamUser', id: userArn(userName) },
  status,
  detail,
  evidenceAt: EVIDENCE_AT,
});

describe('evaluateUser: one result for each of ORGMFA.1, ORGMFA.2 and ORGMFA.6, always', () => {
  test('GIVEN a user with nothing to report THEN all three controls pass, in order', () => {
    expect(evaluateUser(user('alice'), settings)).toEqual([
      expected('alice', 'ORGMFA.1', 'PASSED', 'IAM user alice has no console password.'),
      expected('alice', 'ORGMFA.2', 'PASSED', 'IAM user alice has no active access key.'),
      expected('alice', 'ORGMFA.6', 'PASSED', 'IAM user alice has no MFA exemption.'),
    ]);
  });
});

describe('ORGMFA.1: IAM user with a console password has no MFA device', () => {
  test('GIVEN a console password and no MFA device THEN it fails', () => {
    const results = evaluateUser(user('bob', { consolePassword: true }), settings);

    expect(resultOf(results, 'ORGMFA.1')).toEqual(
      expected('bob', 'ORGMFA.1', 'FAILED', 'IAM user bob has a console password and no MFA device.'),
    );
  });

  test('GIVEN a console password and an MFA device THEN it passes', () => {
    const results = evaluateUser(user('bob', { consolePassword: true, mfa: 'otp' }), settings);

    expect(resultOf(results, 'ORGMFA.1')).toEqual(
      expected('bob', 'ORGMFA.1', 'PASSED', 'IAM user bob has an MFA device.'),
    );
  });
});

describe('ORGMFA.2: IAM user with an active access key has no MFA device usable with it', () => {
  test.each([
    [1, 'IAM user ci has 1 active access key and no MFA device.'],
    [2, 'IAM user ci has 2 active access keys and no MFA device.'],
  ])('GIVEN %d active access key(s) and no MFA device THEN it fails', (activeAccessKeys, detail) => {
    const results = evaluateUser(user('ci', { activeAccessKeys }), settings);

    expect(resultOf(results, 'ORGMFA.2')).toEqual(expected('ci', 'ORGMFA.2', 'FAILED', detail));
  });

  test('GIVEN active access keys and an MFA device THEN it passes', () => {
    const results = evaluateUser(user('ci', { activeAccessKeys: 2, mfa: 'otp' }), settings);

    expect(resultOf(results, 'ORGMFA.2')).toEqual(
      expected('ci', 'ORGMFA.2', 'PASSED', 'IAM user ci has an MFA device.'),
    );
  });

  test('GIVEN a console password and an access key without MFA THEN both controls fail', () => {
    const results = evaluateUser(user('dave', { consolePassword: true, activeAccessKeys: 1 }), settings);

    expect(results.map((result) => [result.control, result.status])).toEqual([
      ['ORGMFA.1', 'FAILED'],
      ['ORGMFA.2', 'FAILED'],
      ['ORGMFA.6', 'PASSED'],
    ]);
  });
});

describe('ORGMFA.6: an exemption in force turns ORGMFA.1/2 into PASSED and stays visible', () => {
  const noMfa = { consolePassword: true, activeAccessKeys: 1 };

  test('GIVEN an exemption without an end date THEN ORGMFA.1/2 pass and ORGMFA.6 is EXEMPT (never FAILED) with the reason', () => {
    const results = evaluateUser(
      user('breakglass', { ...noMfa, tags: { 'orgmfa:exempt': 'break-glass user' } }),
      settings,
    );

    expect(results).toEqual([
      expected(
        'breakglass',
        'ORGMFA.1',
        'PASSED',
        'IAM user breakglass is exempt from MFA (reported as ORGMFA.6).',
      ),
      expected(
        'breakglass',
        'ORGMFA.2',
        'PASSED',
        'IAM user breakglass is exempt from MFA (reported as ORGMFA.6).',
      ),
      {
        ...expected(
          'breakglass',
          'ORGMFA.6',
          'EXEMPT',
          'IAM user breakglass is exempt from MFA with no end date: "break-glass user".',
        ),
        exemption: { reason: 'break-glass user' },
      },
    ]);
  });

  test('GIVEN an exemption until the last day WHEN that day has not ended THEN ORGMFA.6 is EXEMPT with the date', () => {
    const tags = { 'orgmfa:exempt': 'contractor, leaves in June', 'orgmfa:exempt-until': '2025-06-15' };

    const results = evaluateUser(user('erin', { ...noMfa, tags }), { now: new Date('2025-06-15T23:59:59Z') });

    expect(resultOf(results, 'ORGMFA.1').status).toBe('PASSED');
    expect(resultOf(results, 'ORGMFA.6')).toEqual({
      ...expected(
        'erin',
        'ORGMFA.6',
        'EXEMPT',
        'IAM user erin is exempt from MFA until 2025-06-15 (end of day UTC): "contractor, leaves in June".',
      ),
      exemption: { reason: 'contractor, leaves in June', until: '2025-06-15' },
    });
  });

  test('GIVEN an exemption WHEN its last day has ended THEN ORGMFA.1/2 fail again, saying when it ended', () => {
    const tags = { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': '2025-06-14' };

    expect(evaluateUser(user('erin', { ...noMfa, tags }), settings)).toEqual([
      expected(
        'erin',
        'ORGMFA.1',
        'FAILED',
        'IAM user erin has a console password and no MFA device. Its MFA exemption ended on 2025-06-14.',
      ),
      expected(
        'erin',
        'ORGMFA.2',
        'FAILED',
        'IAM user erin has 1 active access key and no MFA device. Its MFA exemption ended on 2025-06-14.',
      ),
      expected(
        'erin',
        'ORGMFA.6',
        'PASSED',
        'IAM user erin has no MFA exemption in force: it ended on 2025-06-14.',
      ),
    ]);
  });

  test('GIVEN an exemption without a reason THEN it is not in force and the failure says why', () => {
    const results = evaluateUser(
      user('frank', { consolePassword: true, tags: { 'orgmfa:exempt': '' } }),
      settings,
    );

    expect(results).toEqual([
      expected(
        'frank',
        'ORGMFA.1',
        'FAILED',
        'IAM user frank has a console password and no MFA device. Its MFA exemption does not apply: the orgmfa:exempt tag gives no reason.',
      ),
      expected('frank', 'ORGMFA.2', 'PASSED', 'IAM user frank has no active access key.'),
      expected(
        'frank',
        'ORGMFA.6',
        'PASSED',
        'IAM user frank has no MFA exemption in force: the orgmfa:exempt tag gives no reason.',
      ),
    ]);
  });

  test('GIVEN an exemption with an unreadable until-date THEN it is not in force', () => {
    const tags = { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': 'end of June' };

    const results = evaluateUser(user('gina', { consolePassword: true, tags }), settings);

    expect(resultOf(results, 'ORGMFA.1')).toEqual(
      expected(
        'gina',
        'ORGMFA.1',
        'FAILED',
        'IAM user gina has a console password and no MFA device. Its MFA exemption does not apply: the orgmfa:exempt-until tag "end of June" is not a date (YYYY-MM-DD, or ISO 8601 with a zone).',
      ),
    );
    expect(resultOf(results, 'ORGMFA.6').status).toBe('PASSED');
  });

  test('GIVEN an exempt user who has MFA anyway THEN the exemption is still reported', () => {
    const tags = { 'orgmfa:exempt': 'shared device' };

    const results = evaluateUser(user('hank', { consolePassword: true, mfa: 'otp', tags }), settings);

    expect(resultOf(results, 'ORGMFA.6').status).toBe('EXEMPT');
  });
});

describe('FIDO security keys and passkeys: MFA for the console, not for access keys', () => {
  test('GIVEN FIDO-only MFA and a console password, no access key THEN ORGMFA.1 and ORGMFA.2 pass', () => {
    const results = evaluateUser(user('fay', { consolePassword: true, mfa: 'fido-only' }), settings);

    expect(results.map((result) => [result.control, result.status, result.detail])).toEqual([
      ['ORGMFA.1', 'PASSED', 'IAM user fay has an MFA device.'],
      ['ORGMFA.2', 'PASSED', 'IAM user fay has an MFA device.'],
      ['ORGMFA.6', 'PASSED', 'IAM user fay has no MFA exemption.'],
    ]);
  });

  test('GIVEN FIDO-only MFA and an active access key THEN ORGMFA.1 passes and ORGMFA.2 fails, saying why rather than "no MFA"', () => {
    const results = evaluateUser(
      user('fay', { consolePassword: true, activeAccessKeys: 1, mfa: 'fido-only' }),
      settings,
    );

    expect(resultOf(results, 'ORGMFA.1').status).toBe('PASSED');
    expect(resultOf(results, 'ORGMFA.2')).toEqual(
      expected(
        'fay',
        'ORGMFA.2',
        'FAILED',
        'IAM user fay has 1 active access key, and only FIDO security keys or passkeys as MFA: they protect console sign-in but cannot be used with access keys (GetSessionToken accepts only virtual or hardware TOTP devices).',
      ),
    );
  });

  test.each([
    ['a TOTP device among FIDO keys', 'otp'],
    ['MFA whose kind was not read', 'unclassified'],
  ] as const)('GIVEN %s and an active access key THEN ORGMFA.2 passes', (_label, mfa) => {
    const results = evaluateUser(user('gil', { activeAccessKeys: 2, mfa }), settings);

    expect(resultOf(results, 'ORGMFA.2')).toEqual(
      expected('gil', 'ORGMFA.2', 'PASSED', 'IAM user gil has an MFA device.'),
    );
  });

  test('GIVEN an exemption in force THEN a FIDO-only user with keys is not failing either', () => {
    const results = evaluateUser(
      user('fay', { activeAccessKeys: 1, mfa: 'fido-only', tags: { 'orgmfa:exempt': 'hardware keys only' } }),
      settings,
    );

    expect(results.map((result) => result.status)).toEqual(['PASSED', 'PASSED', 'EXEMPT']);
  });

  test('every result carries the evidence time of the facts', () => {
    const results = evaluateUser(user('gil', { evidenceAt: '2025-06-15T07:00:00.000Z' }), settings);

    expect(results.map((result) => result.evidenceAt)).toEqual(Array(3).fill('2025-06-15T07:00:00.000Z'));
  });
});
