import type { CredentialReportUser } from '../../../functions/core/compliance/credential-report';
import type { FindingRecord } from '../../../functions/core/compliance/model';
import {
  needsMfaKind,
  type CurrentUser,
  sweepScope,
  usersFromReport,
  withMfaKind,
} from '../../../functions/core/compliance/report-facts';
import { user, userArn } from './fixtures';

const REPORT_AT = '2025-06-15T06:00:00.000Z';
const READ_AT = '2025-06-15T09:00:00.000Z';

const row = (userName: string, facts: Partial<CredentialReportUser> = {}): CredentialReportUser => ({
  userName,
  arn: userArn(userName),
  passwordEnabled: true,
  mfaActive: false,
  activeAccessKeys: 0,
  ...facts,
});

const current = (...names: string[]) =>
  new Map<string, CurrentUser>(names.map((name) => [name, { arn: userArn(name), tags: { team: name } }]));

describe('usersFromReport: the report, corrected by what the sweep reads fresh', () => {
  test('GIVEN a user in the report but gone now (or re-created on another path) THEN it is not evaluated', () => {
    const moved = new Map([
      ...current('alice'),
      ['bob', { arn: `arn:aws:iam::111122223333:user/new/bob`, tags: {} }],
    ]);
    const users = usersFromReport([row('alice'), row('gone'), row('bob')], {
      current: moved,
      withVirtualDevice: new Set(),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    });

    expect(users.map((u) => u.userName)).toEqual(['alice']);
  });

  test('GIVEN an assigned virtual device now THEN the user has MFA whatever the older report says, on fresh evidence', () => {
    const [alice] = usersFromReport([row('alice', { mfaActive: false })], {
      current: current('alice'),
      withVirtualDevice: new Set(['alice']),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    });

    expect(alice).toEqual(
      user('alice', { consolePassword: true, mfa: 'otp', tags: { team: 'alice' }, evidenceAt: READ_AT }),
    );
  });

  test('GIVEN no virtual device THEN the report decides, on its time: none, or MFA of an unknown kind', () => {
    const users = usersFromReport([row('bob'), row('fay', { mfaActive: true, activeAccessKeys: 1 })], {
      current: current('bob', 'fay'),
      withVirtualDevice: new Set(),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    });

    expect(users.map((u) => [u.userName, u.mfa, u.evidenceAt])).toEqual([
      ['bob', 'none', REPORT_AT],
      ['fay', 'unclassified', REPORT_AT],
    ]);
    expect(users.map(needsMfaKind)).toEqual([false, true]);
  });

  test('withMfaKind: a TOTP device decides on the fresh read; FIDO-only keeps the report’s time (its keys come from it)', () => {
    const fay = user('fay', { mfa: 'unclassified', activeAccessKeys: 1, evidenceAt: REPORT_AT });

    expect(withMfaKind(fay, 'otp', READ_AT)).toMatchObject({ mfa: 'otp', evidenceAt: READ_AT });
    expect(withMfaKind(fay, 'fido-only', READ_AT)).toMatchObject({ mfa: 'fido-only', evidenceAt: REPORT_AT });
  });

  test('needsMfaKind: only MFA of an unknown kind with an active access key costs a call', () => {
    expect(
      [
        user('a', { mfa: 'unclassified', activeAccessKeys: 1 }),
        user('b', { mfa: 'unclassified' }),
        user('c', { mfa: 'otp', activeAccessKeys: 1 }),
        user('d', { mfa: 'none', activeAccessKeys: 1 }),
      ].map(needsMfaKind),
    ).toEqual([true, false, false, false]);
  });
});

describe('sweepScope: which records a sweep covered', () => {
  const record = (control: FindingRecord['control'], resourceId: string): FindingRecord => ({
    id: `${control}/${resourceId}`,
    control,
    resourceId,
    status: 'FAILED',
    evidenceAt: REPORT_AT,
  });
  const scope = sweepScope([user('alice')], current('alice', 'newcomer'), true);

  test.each([
    ['an evaluated user', record('ORGMFA.1', userArn('alice')), true],
    ['a user gone now', record('ORGMFA.2', userArn('gone')), true],
    ['a user created after the report (not in it)', record('ORGMFA.1', userArn('newcomer')), false],
    ['an exemption of an evaluated user', record('ORGMFA.6', userArn('alice')), true],
    ['an account-level finding', record('ORGMFA.3', 'AWS::::Account:111122223333'), true],
  ])('%s: %s', (_label, r, expected) => {
    expect(scope(r)).toBe(expected);
  });

  test('ORGMFA.5 is out of scope when the root user could not be decided', () => {
    const root = record('ORGMFA.5', 'AWS::::Account:111122223333');
    expect(sweepScope([], new Map(), true)(root)).toBe(true);
    expect(sweepScope([], new Map(), false)(root)).toBe(false);
  });
});
