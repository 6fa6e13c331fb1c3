import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const SEED = 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK'; // bob's assigned device in the fixture
const BOB_DEVICE = `arn:aws:iam::${PROD}:mfa/bob`;
const NOW = new Date('2026-03-01T12:00:10Z');

function setUp() {
  const org = simulatedOrg(orgFixture(), { clock: () => NOW });
  const sts = org.clients.sts(org.asUser(PROD, 'bob'));
  const code = (offset: number) => totpCodeForWindow(SEED, totpWindow(NOW.getTime() / 1000) + offset);
  return { org, sts, code };
}

describe('simulated STS GetSessionToken', () => {
  test("an IAM user's code for their own device gives credentials that act as that user", async () => {
    const { org, sts, code } = setUp();

    const out = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: BOB_DEVICE,
        TokenCode: await code(0),
        DurationSeconds: 3600,
      }),
    );

    expect(out.Credentials?.Expiration).toEqual(new Date(NOW.getTime() + 3600_000));
    const session = org.clients.sts({
      accountId: PROD,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    // bob is on the path /engineering/, which his ARN carries.
    await expect(session.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: `arn:aws:iam::${PROD}:user/engineering/bob`,
    });
  });

  test('the previous and next windows are accepted, two windows away is not', async () => {
    const { sts, code } = setUp();
    for (const offset of [-1, 1]) {
      await expect(
        sts.send(new GetSessionTokenCommand({ SerialNumber: BOB_DEVICE, TokenCode: await code(offset) })),
      ).resolves.toBeDefined();
    }
    await expect(
      sts.send(new GetSessionTokenCommand({ SerialNumber: BOB_DEVICE, TokenCode: await code(2) })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    });
  });

  test("another user's device, or a role session, is refused", async () => {
    const { org, sts, code } = setUp();
    await expect(
      sts.send(
        new GetSessionTokenCommand({
          SerialNumber: `arn:aws:iam::${PROD}:mfa/alice-phone`,
          TokenCode: await code(0),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(/unable to validate MFA code/),
    });
    await expect(org.clients.sts(org.asHubRole()).send(new GetSessionTokenCommand({}))).rejects.toMatchObject(
      { name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' },
    );
  });

  test.each([899, 129_601])('DurationSeconds %d is a ValidationError', async (duration) => {
    const { sts, code } = setUp();
    await expect(
      sts.send(
        new GetSessionTokenCommand({
          SerialNumber: BOB_DEVICE,
          TokenCode: await code(0),
          DurationSeconds: duration,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
