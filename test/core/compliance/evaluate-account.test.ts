import {
  evaluateAccount,
  orphanNotDeleted,
  type AccountEvaluation,
} from '../../../functions/core/compliance/evaluate-account';
import type { AccountFacts, ControlResult, RootFacts } from '../../../functions/core/compliance/model';
import { rootFactsOf } from '../../../functions/core/compliance/root-facts';
import { ACCOUNT, deviceArn } from './fixtures';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const ACCOUNT_ID = `AWS::::Account:${ACCOUNT}`;
const settings = (deleteOrphans: boolean) => ({ now: NOW, orphanGraceHours: 24, deleteOrphans });
const READ_AT = '2025-06-15T11:59:00.000Z';

/** A root user with a password and MFA, as most accounts' root users were before centralized root access. */
const ROOT_WITH_MFA: RootFacts = { mfa: true, password: true, accessKeys: false, signingCertificates: false };

function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    accountId: ACCOUNT,
    root: ROOT_WITH_MFA,
    unassignedDevices: [],
    provisionedDevices: [],
    evidenceAt: READ_AT,
    ...overrides,
  };
}

const accountResult = (
  control: ControlResult['control'],
  status: ControlResult['status'],
  detail: string,
  subject?: string,
): ControlResult => ({
  control,
  resource:
    subject === undefined
      ? { type: 'AwsAccount', id: ACCOUNT_ID }
      : { type: 'AwsAccount', id: ACCOUNT_ID, subject },
  status,
  detail,
  evidenceAt: READ_AT,
});

const ROOT_PASSED = accountResult(
  'ORGMFA.5',
  'PASSED',
  `The root user of account ${ACCOUNT} has an MFA device.`,
);

describe('ORGMFA.5: root user has credentials and no MFA (from IAM’s account summary)', () => {
  const root = `The root user of account ${ACCOUNT}`;
  const summary = (mfa: number, password: number, accessKeys: number, certificates: number) =>
    rootFactsOf({
      AccountMFAEnabled: mfa,
      AccountPasswordPresent: password,
      AccountAccessKeysPresent: accessKeys,
      AccountSigningCertificatesPresent: certificates,
    });

  test.each([
    [
      'credentials removed (no password, no keys), no MFA',
      summary(0, 0, 0, 0),
      'PASSED',
      `${root} has no root credentials (no password, access keys or signing certificates): it cannot sign in, and MFA does not apply.`,
    ],
    ['a password and no MFA', summary(0, 1, 0, 0), 'FAILED', `${root} has a password and no MFA device.`],
    [
      'access keys only and no MFA',
      summary(0, 0, 1, 0),
      'FAILED',
      `${root} has access keys and no MFA device.`,
    ],
    [
      'signing certificates only and no MFA',
      summary(0, 0, 0, 1),
      'FAILED',
      `${root} has signing certificates and no MFA device.`,
    ],
    [
      'everything and no MFA',
      summary(0, 1, 1, 1),
      'FAILED',
      `${root} has a password, access keys, signing certificates and no MFA device.`,
    ],
    ['a password and MFA', summary(1, 1, 0, 0), 'PASSED', `${root} has an MFA device.`],
    ['MFA and nothing else', summary(1, 0, 0, 0), 'PASSED', `${root} has an MFA device.`],
  ] as const)('GIVEN %s THEN %s', (_label, rootFacts, status, detail) => {
    expect(evaluateAccount(facts({ root: rootFacts }), settings(true))).toEqual<AccountEvaluation>({
      results: [accountResult('ORGMFA.5', status, detail)],
      orphansToDelete: [],
      undecided: [],
    });
  });

  test.each([
    ['no AccountMFAEnabled', { AccountPasswordPresent: 1 }, 'does not state AccountMFAEnabled'],
    [
      'AccountMFAEnabled = 2',
      { AccountMFAEnabled: 2, AccountPasswordPresent: 1 },
      'does not state AccountMFAEnabled',
    ],
    [
      'no MFA, no keys, but no AccountPasswordPresent',
      { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0 },
      'the root user has no MFA, and IAM’s account summary does not state AccountPasswordPresent'.replace(
        '’',
        "'",
      ),
    ],
    ['an empty summary', {}, 'does not state AccountMFAEnabled'],
  ])(
    'GIVEN a summary with %s THEN ORGMFA.5 is not decided (never read as "no MFA")',
    (_label, map, reason) => {
      const evaluation = evaluateAccount(facts({ root: rootFactsOf(map) }), settings(true));

      expect(evaluation.results.filter((r) => r.control === 'ORGMFA.5')).toEqual([]);
      expect(evaluation.undecided).toEqual([expect.stringContaining(reason)]);
    },
  );

  test('GIVEN no MFA and a password, with the other keys missing THEN it still fails: a stated credential decides', () => {
    const evaluation = evaluateAccount(
      facts({ root: rootFactsOf({ AccountMFAEnabled: 0, AccountPasswordPresent: 1 }) }),
      settings(true),
    );

    expect(evaluation.results).toEqual([
      accountResult('ORGMFA.5', 'FAILED', `${root} has a password and no MFA device.`),
    ]);
    expect(evaluation.undecided).toEqual([]);
  });

  test('GIVEN MFA with every other key missing THEN it passes', () => {
    expect(
      evaluateAccount(facts({ root: rootFactsOf({ AccountMFAEnabled: 1 }) }), settings(true)).results,
    ).toEqual([ROOT_PASSED]);
  });
});

describe('ORGMFA.3: an unassigned device is reported or deleted only once proven older than the grace period', () => {
  const serial = deviceArn('alice-phone');
  const unassigned = (unassignedSince?: string) =>
    facts({
      unassignedDevices: [
        unassignedSince === undefined ? { serialNumber: serial } : { serialNumber: serial, unassignedSince },
      ],
    });

  test('GIVEN a device orgmfa’s record does not know unassigned THEN it is PASSED: its age is not guessed', () => {
    expect(evaluateAccount(unassigned(), settings(true))).toEqual<AccountEvaluation>({
      results: [
        ROOT_PASSED,
        accountResult(
          'ORGMFA.3',
          'PASSED',
          `Unassigned virtual MFA device ${serial} has not been seen unassigned before: orgmfa records it as first seen now, and reports it only once it is provably older than the grace period of 24 hours.`,
          serial,
        ),
      ],
      orphansToDelete: [],
      undecided: [],
    });
  });

  test.each([
    ['one hour ago', '2025-06-15T11:00:00.000Z'],
    ['exactly the grace period ago', '2025-06-14T12:00:00.000Z'],
  ])(
    'GIVEN a device unassigned since %s THEN it is within the grace period: PASSED, not deleted',
    (_, since) => {
      expect(evaluateAccount(unassigned(since), settings(true))).toEqual<AccountEvaluation>({
        results: [
          ROOT_PASSED,
          accountResult(
            'ORGMFA.3',
            'PASSED',
            `Unassigned virtual MFA device ${serial}, unassigned since ${since}, is within the grace period of 24 hours (a user may be enrolling it).`,
            serial,
          ),
        ],
        orphansToDelete: [],
        undecided: [],
      });
    },
  );

  test('GIVEN a device unassigned for longer than the grace period WHEN deleting THEN it is to delete, and PASSED', () => {
    expect(
      evaluateAccount(unassigned('2025-06-14T11:59:59.999Z'), settings(true)),
    ).toEqual<AccountEvaluation>({
      results: [
        ROOT_PASSED,
        accountResult(
          'ORGMFA.3',
          'PASSED',
          `Unassigned virtual MFA device ${serial}, unassigned since 2025-06-14T11:59:59.999Z, is older than the grace period of 24 hours and is deleted by the sweep.`,
          serial,
        ),
      ],
      orphansToDelete: [serial],
      undecided: [],
    });
  });

  test('GIVEN a device older than the grace period WHEN not deleting THEN it fails', () => {
    expect(
      evaluateAccount(unassigned('2025-06-01T08:00:00+02:00'), settings(false)),
    ).toEqual<AccountEvaluation>({
      results: [
        ROOT_PASSED,
        accountResult(
          'ORGMFA.3',
          'FAILED',
          `Unassigned virtual MFA device ${serial} has been unassigned since at least 2025-06-01T06:00:00.000Z, longer than the grace period of 24 hours.`,
          serial,
        ),
      ],
      orphansToDelete: [],
      undecided: [],
    });
  });

  test.each([
    ['unreadable', 'yesterday'],
    ['in the future', '2025-06-16T00:00:00Z'],
  ])('GIVEN a recorded time that is %s THEN it proves nothing: first seen now, not deleted', (_, since) => {
    const evaluation = evaluateAccount(unassigned(since), settings(true));

    expect(evaluation.orphansToDelete).toEqual([]);
    expect(evaluation.results[1]).toEqual(
      accountResult(
        'ORGMFA.3',
        'PASSED',
        `Unassigned virtual MFA device ${serial} has not been seen unassigned before: orgmfa records it as first seen now, and reports it only once it is provably older than the grace period of 24 hours.`,
        serial,
      ),
    );
  });

  test('GIVEN the sweep could not delete an orphan THEN orphanNotDeleted gives its FAILED result', () => {
    expect(orphanNotDeleted(serial, 'the device was assigned meanwhile', READ_AT)).toEqual(
      accountResult(
        'ORGMFA.3',
        'FAILED',
        `Unassigned virtual MFA device ${serial} is older than the grace period but was not deleted: the device was assigned meanwhile.`,
        serial,
      ),
    );
  });

  test('GIVEN a serial number that is not a virtual device ARN THEN orphanNotDeleted refuses it', () => {
    expect(() => orphanNotDeleted('GAHT12345678', 'x', READ_AT)).toThrow(
      '"GAHT12345678" is not the serial number (ARN) of a virtual MFA device',
    );
  });
});

describe('ORGMFA.4: provisioned seed not collected before it expired', () => {
  const serial = deviceArn('carol');
  const provisioned = (seedExpiresAt: string, collectedAt?: string) =>
    evaluateAccount(
      facts({
        provisionedDevices: [
          collectedAt === undefined
            ? { userName: 'carol', serialNumber: serial, seedExpiresAt }
            : { userName: 'carol', serialNumber: serial, seedExpiresAt, collectedAt },
        ],
      }),
      settings(true),
    ).results[1];
  const seed = `The seed of the MFA device ${serial} that orgmfa provisioned for carol`;

  test('GIVEN a seed that expired uncollected THEN it fails, about the user seed', () => {
    expect(provisioned('2025-06-15T11:59:59.999Z')).toEqual(
      accountResult(
        'ORGMFA.4',
        'FAILED',
        `${seed} expired at 2025-06-15T11:59:59.999Z without being collected.`,
        'seed:carol',
      ),
    );
  });

  test('GIVEN a seed that expires later (or right now) THEN it passes, awaiting pickup', () => {
    expect(provisioned('2025-06-15T12:00:00.000Z')).toEqual(
      accountResult(
        'ORGMFA.4',
        'PASSED',
        `${seed} awaits pickup until 2025-06-15T12:00:00.000Z.`,
        'seed:carol',
      ),
    );
  });

  test('GIVEN an expired seed that was collected THEN it passes', () => {
    expect(provisioned('2025-06-10T00:00:00Z', '2025-06-09T08:30:00Z')).toEqual(
      accountResult('ORGMFA.4', 'PASSED', `${seed} was collected ("2025-06-09T08:30:00Z").`, 'seed:carol'),
    );
  });

  test('GIVEN a seed stored for another unique id than the user the device is assigned to (a user re-created while it was provisioned) THEN it fails at once: nobody can collect it', () => {
    const result = evaluateAccount(
      facts({
        provisionedDevices: [
          {
            userName: 'carol',
            serialNumber: serial,
            seedExpiresAt: '2025-06-20T00:00:00Z',
            provisionedFor: 'AIDAOLDCAROL00000001',
            assignedUserId: 'AIDANEWCAROL00000001',
          },
        ],
      }),
      settings(true),
    ).results[1];

    expect(result).toEqual(
      accountResult(
        'ORGMFA.4',
        'FAILED',
        `${seed} is stored for the unique id AIDAOLDCAROL00000001, not for AIDANEWCAROL00000001 of the user it is assigned to (a user of that name re-created while it was provisioned): nobody can collect it.`,
        'seed:carol',
      ),
    );
  });

  test('GIVEN an unreadable expiry THEN no expiry is claimed', () => {
    expect(provisioned('soon')).toEqual(
      accountResult(
        'ORGMFA.4',
        'PASSED',
        `${seed} has an unreadable orgmfa:seed-expires tag "soon": whether it expired is unknown.`,
        'seed:carol',
      ),
    );
  });
});
