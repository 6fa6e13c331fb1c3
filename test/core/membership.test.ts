import { membershipVerdict, type AccountDescription } from '../../functions/core/membership';

const ORG = 'o-a1b2c3d4e5';
const PROD = '222222222222';
const MANAGEMENT = '111111111111';

/** What DescribeAccount says about an account: its ARN is issued by the management account and names the org. */
function described(state: string, overrides: Partial<AccountDescription> = {}): AccountDescription {
  return {
    id: PROD,
    arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${PROD}`,
    state,
    ...overrides,
  };
}

const notMember = { eligible: false, reason: `account ${PROD} is not a member of organization ${ORG}` };

describe('membershipVerdict: orgmfa acts only in ACTIVE accounts of its own organization', () => {
  test('GIVEN an ACTIVE account of the organization THEN it is eligible', () => {
    expect(membershipVerdict(PROD, described('ACTIVE'), ORG)).toEqual({ eligible: true });
  });

  test.each(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED', 'PENDING_ACTIVATION', 'UNKNOWN', 'active'])(
    'GIVEN an account in state %s THEN it is not eligible, and the reason names the state',
    (state) => {
      expect(membershipVerdict(PROD, described(state), ORG)).toEqual({
        eligible: false,
        reason: `account ${PROD} is ${state}, not ACTIVE`,
      });
    },
  );

  test('GIVEN Organizations does not know the account (AccountNotFoundException) THEN it is not a member', () => {
    expect(membershipVerdict('999999999999', undefined, ORG)).toEqual({
      eligible: false,
      reason: `account 999999999999 is not a member of organization ${ORG}`,
    });
  });

  test.each([
    ['another organization', `arn:aws:organizations::${MANAGEMENT}:account/o-zzzzzzzzzz/${PROD}`],
    ['an organization id that extends ours', `arn:aws:organizations::${MANAGEMENT}:account/${ORG}x/${PROD}`],
    [
      'an organization id that is a prefix of ours',
      `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4/${PROD}`,
    ],
    ['no organization', `arn:aws:organizations::${MANAGEMENT}:account/${PROD}`],
    ['an empty ARN (DescribeAccount returned none)', ''],
    ['an ARN that is not an account ARN', `arn:aws:organizations::${MANAGEMENT}:ou/${ORG}/ou-a1b2-workload1`],
  ])('GIVEN an ACTIVE account whose ARN names %s THEN it is not a member', (_, arn) => {
    expect(membershipVerdict(PROD, described('ACTIVE', { arn }), ORG)).toEqual(notMember);
  });

  test('GIVEN a description of another account than the one asked about THEN it is not a member', () => {
    expect(membershipVerdict(PROD, described('ACTIVE', { id: '333333333333' }), ORG)).toEqual(notMember);
  });

  test('GIVEN a SUSPENDED account of another organization THEN the verdict is about membership first', () => {
    const arn = `arn:aws:organizations::${MANAGEMENT}:account/o-zzzzzzzzzz/${PROD}`;

    expect(membershipVerdict(PROD, described('SUSPENDED', { arn }), ORG)).toEqual(notMember);
  });
});
