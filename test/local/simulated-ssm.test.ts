import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const expiring = (timestamp: string) =>
  JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: timestamp } }]);

describe('simulated SSM Parameter Store', () => {
  function ssmAt(now: Date) {
    const clock = { now };
    const org = simulatedOrg(orgFixture(), { clock: () => clock.now });
    return { ...org, clock, ssm: org.clients.ssm(org.asUser(PROD, 'alice')) };
  }

  test('a SecureString is returned decrypted only WithDecryption', async () => {
    const { ssm } = ssmAt(new Date('2026-11-21T09:00:00Z'));
    await ssm.send(
      new PutParameterCommand({ Name: '/orgmfa/seed/alice', Value: 'SEED', Type: 'SecureString' }),
    );

    const plain = await ssm.send(
      new GetParameterCommand({ Name: '/orgmfa/seed/alice', WithDecryption: true }),
    );
    const cipher = await ssm.send(new GetParameterCommand({ Name: '/orgmfa/seed/alice' }));

    expect(plain.Parameter?.Value).toBe('SEED');
    expect(cipher.Parameter?.Value).not.toContain('SEED');
  });

  test('an existing name needs Overwrite', async () => {
    const { ssm } = ssmAt(new Date('2026-11-21T09:00:00Z'));
    await ssm.send(new PutParameterCommand({ Name: '/orgmfa/seed/alice', Value: 'A', Type: 'SecureString' }));
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/orgmfa/seed/alice', Value: 'B', Type: 'SecureString' })),
    ).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
    await ssm.send(
      new PutParameterCommand({
        Name: '/orgmfa/seed/alice',
        Value: 'B',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/orgmfa/seed/alice', WithDecryption: true })))
        .Parameter?.Value,
    ).toBe('B');
  });

  test('an expiration policy needs the Advanced tier, and the parameter is gone once it expires', async () => {
    const { ssm, clock, sim } = ssmAt(new Date('2026-11-21T09:00:00Z'));
    const policies = expiring('2026-11-28T09:00:00Z');
    await expect(
      ssm.send(
        new PutParameterCommand({
          Name: '/orgmfa/seed/alice',
          Value: 'S',
          Type: 'SecureString',
          Policies: policies,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter policies are supported only for the Advanced tier.',
    });
    await ssm.send(
      new PutParameterCommand({
        Name: '/orgmfa/seed/alice',
        Value: 'S',
        Type: 'SecureString',
        Tier: 'Advanced',
        Policies: policies,
      }),
    );
    expect(sim.account(PROD)?.ssm?.parameters).toEqual([
      {
        name: '/orgmfa/seed/alice',
        type: 'SecureString',
        value: 'S',
        expiresAt: '2026-11-28T09:00:00.000Z',
        keyId: 'alias/aws/ssm',
      },
    ]);

    clock.now = new Date('2026-11-28T09:00:01Z');

    await expect(
      ssm.send(new GetParameterCommand({ Name: '/orgmfa/seed/alice', WithDecryption: true })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });

  test('deleting a parameter that does not exist is ParameterNotFound', async () => {
    const { ssm } = ssmAt(new Date());
    await expect(ssm.send(new DeleteParameterCommand({ Name: '/orgmfa/seed/nobody' }))).rejects.toMatchObject(
      { name: 'ParameterNotFound' },
    );
  });
});

describe("simulated SSM's parameter names", () => {
  test.each(['@', '+', '=', ','])(
    'a name with %s (allowed in IAM user names) is refused, and nothing is stored',
    async (char) => {
      const org = simulatedOrg();
      const ssm = org.clients.ssm(org.asUser(PROD, 'alice'));
      await expect(
        ssm.send(new PutParameterCommand({ Name: `/orgmfa/seed/a${char}b`, Value: 'V', Type: 'String' })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(/^Parameter name:/),
      });
      expect(org.sim.account(PROD)!.ssm?.parameters ?? []).toEqual([]);
    },
  );

  test('letters, digits, ".", "-", "_" and "/" make a valid name; "aws" and "ssm" prefixes do not', async () => {
    const org = simulatedOrg();
    const ssm = org.clients.ssm(org.asUser(PROD, 'alice'));
    await ssm.send(new PutParameterCommand({ Name: '/orgmfa/seed/AIDA0.x-y_z', Value: 'V', Type: 'String' }));
    for (const name of ['/aws/x', '/SSM/x']) {
      await expect(
        ssm.send(new PutParameterCommand({ Name: name, Value: 'V', Type: 'String' })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    }
    expect(org.sim.account(PROD)!.ssm!.parameters.map((p) => p.name)).toEqual(['/orgmfa/seed/AIDA0.x-y_z']);
  });
});
