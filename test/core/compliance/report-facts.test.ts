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
/** A user's creation time as the report writes it (to the second), and as the listing gives it. */
const CREATED_REPORTED = '2024-01-02T03:04:05+00:00';
const CREATED = '2024-01-02T03:04:05.000Z';

const row = (userName: string, facts: Partial<CredentialReportUser> = {}): CredentialReportUser => ({
  userName,
  arn: userArn(userName),
  passwordEnabled: true,
  mfaActive: false,
  activeAccessKeys: 0,
  createdAt: CREATED_REPORTED,
  ...facts,
});

const current = (...names: string[]) =>
  new Map<string, CurrentUser>(
    names.map((name) => [name, { arn: userArn(name), tags: { team: name }, createdAt: CREATED }]),
  );

describe('usersFromReport: the report, corrected by what the sweep reads fresh', () => {
  test('GIVEN a user in the report but gone now THEN it is not evaluated; one re-created on another path is read fresh, never dropped', () => {
    const moved = new Map([
      ...current('alice'),
      ['bob', { arn: `arn:aws:iam::111122223333:user/new/bob`, tags: {} }],
    ]);
    const { users, freshReads } = usersFromReport([row('alice'), row('gone'), row('bob')], {
      current: moved,
      withVirtualDevice: new Set(),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    });

    expect(users.map((u) => u.userName)).toEqual(['alice']);
    // The row's ARN: what a denied fresh read leaves as it was.
    expect(freshReads).toEqual([
      { userName: 'bob', reason: 'arn', rowArns: ['arn:aws:iam::111122223333:user/bob'] },
    ]);
  });

  test('GIVEN a row with two readings THEN the reading whose ARN exists now is the user’s, whichever it is', () => {
    const plain = `arn:aws:iam::111122223333:user/a,"b",c/mallory`;
    const quoted = `arn:aws:iam::111122223333:user/a,b,c/mallory`;
    const twoWays = row('mallory', {
      arn: quoted,
      activeAccessKeys: 0,
      otherReading: row('mallory', { arn: plain, activeAccessKeys: 1 }),
    });
    const reads = (arn: string) => ({
      current: new Map([['mallory', { arn, tags: {}, createdAt: CREATED }]]),
      withVirtualDevice: new Set<string>(),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    });

    const fromPlain = usersFromReport([twoWays], reads(plain));
    const fromQuoted = usersFromReport([twoWays], reads(quoted));

    expect(fromPlain.users.map((u) => [u.arn, u.activeAccessKeys])).toEqual([[plain, 1]]);
    expect(fromQuoted.users.map((u) => [u.arn, u.activeAccessKeys])).toEqual([[quoted, 0]]);
    expect([fromPlain.freshReads, fromQuoted.freshReads]).toEqual([[], []]);
  });

  test('GIVEN a row whose user_creation_time is not the user’s CreateDate (re-created with the same name and path) THEN the user is read fresh', () => {
    const { users, freshReads } = usersFromReport(
      [
        row('alice'),
        // The same second, as the report has no more: the same user.
        row('bob', { createdAt: '2024-01-02T03:04:05Z' }),
        row('cid', { createdAt: '2025-06-15T07:00:00+00:00' }),
        row('dan', { createdAt: 'N/A' }),
      ],
      {
        current: current('alice', 'bob', 'cid', 'dan'),
        withVirtualDevice: new Set(),
        reportAt: REPORT_AT,
        readAt: READ_AT,
      },
    );

    expect(users.map((u) => u.userName)).toEqual(['alice', 'bob']);
    expect(freshReads).toEqual([
      { userName: 'cid', reason: 'created', rowArns: ['arn:aws:iam::111122223333:user/cid'] },
      { userName: 'dan', reason: 'created', rowArns: ['arn:aws:iam::111122223333:user/dan'] },
    ]);
  });

  describe('an exemption that began or ended since the record’s verdicts', () => {
    const EXEMPT_UNTIL_YESTERDAY = { 'orgmfa:exempt': 'migration', 'orgmfa:exempt-until': '2025-06-14' };
    const EXEMPT = { 'orgmfa:exempt': 'break-glass' };
    const record = (
      name: string,
      control: FindingRecord['control'],
      status: FindingRecord['status'],
      evidenceAt: string,
    ): FindingRecord => ({
      id: `${control}/${name}`,
      control,
      resourceId: userArn(name),
      status,
      evidenceAt,
    });
    const AFTER_REPORT = '2025-06-15T07:30:00.000Z';
    const BEFORE_REPORT = '2025-06-15T05:00:00.000Z';
    const tagged = (tags: Record<string, Record<string, string>>) =>
      new Map<string, CurrentUser>(
        Object.entries(tags).map(([name, t]) => [name, { arn: userArn(name), tags: t, createdAt: CREATED }]),
      );

    test.each([
      ['ended, record newer than the report', EXEMPT_UNTIL_YESTERDAY, 'EXEMPT', AFTER_REPORT, ['exemption']],
      ['began, record newer than the report', EXEMPT, 'PASSED', AFTER_REPORT, ['exemption']],
      ['unchanged (in force), record newer', EXEMPT, 'EXEMPT', AFTER_REPORT, []],
      ['unchanged (none), record newer', {}, 'PASSED', AFTER_REPORT, []],
      [
        'ended, record older than the report (the report’s verdict applies)',
        EXEMPT_UNTIL_YESTERDAY,
        'EXEMPT',
        BEFORE_REPORT,
        [],
      ],
    ] as const)('%s', (_label, tags, recorded, evidenceAt, reasons) => {
      const { users, freshReads } = usersFromReport([row('ivy')], {
        current: tagged({ ivy: tags }),
        withVirtualDevice: new Set(),
        reportAt: REPORT_AT,
        readAt: READ_AT,
        records: [
          record('ivy', 'ORGMFA.1', 'PASSED', evidenceAt),
          record('ivy', 'ORGMFA.6', recorded, evidenceAt),
        ],
      });

      expect(freshReads.map((f) => f.reason)).toEqual(reasons);
      expect(users.length).toBe(reasons.length === 0 ? 1 : 0);
    });

    test('GIVEN no record (an audit) THEN nobody is read fresh for an exemption', () => {
      const { freshReads } = usersFromReport([row('ivy')], {
        current: tagged({ ivy: EXEMPT_UNTIL_YESTERDAY }),
        withVirtualDevice: new Set(),
        reportAt: REPORT_AT,
        readAt: READ_AT,
      });

      expect(freshReads).toEqual([]);
    });
  });

  test('GIVEN an assigned virtual device now THEN the user has MFA whatever the older report says, on fresh evidence', () => {
    const [alice] = usersFromReport([row('alice', { mfaActive: false })], {
      current: current('alice'),
      withVirtualDevice: new Set(['alice']),
      reportAt: REPORT_AT,
      readAt: READ_AT,
    }).users;

    expect(alice).toEqual(
      user('alice', { consolePassword: true, mfa: 'otp', tags: { team: 'alice' }, evidenceAt: READ_AT }),
    );
  });

  test('GIVEN no virtual device THEN the report decides, on its time: none, or MFA of an unknown kind', () => {
    const { users } = usersFromReport([row('bob'), row('fay', { mfaActive: true, activeAccessKeys: 1 })], {
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
