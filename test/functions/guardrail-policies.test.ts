import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DuplicatePolicyAttachmentException,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  PolicyInUseException,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  UpdatePolicyCommand,
  AccessDeniedException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { policyContent, ruleScp, timeBoxedScp } from '../../functions/core/guardrail/guardrail-policies';
import { guardrailPolicies } from '../../functions/guardrail-policies/guardrail-policies';
import { CollectingMetrics } from '../../local/runner/collecting-metrics';

const organizations = mockClient(OrganizationsClient);
const $metadata = {};

const RULE = 'p-rule0001';
const TIME_BOXED = 'p-boxed001';
const OU_A = 'ou-ab12-abcdefgh';
const OU_B = 'ou-ab12-ijklmnop';
const NOW = new Date('2025-06-13T10:00:00Z');
const SCOPE = { partition: 'aws', ownDeviceName: 'corp-${aws:username}' };

function deps(now = NOW) {
  const slept: number[] = [];
  return {
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    now: () => now,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
    log: new CollectingLog(),
    metrics: new CollectingMetrics(),
  };
}

const policyEvent = (RequestType: string, Part: string, extra: Record<string, unknown> = {}) => ({
  RequestType,
  ResourceType: 'Custom::OrgMfaGuardrailPolicy',
  ResourceProperties: {
    ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
    Part,
    Partition: 'aws',
    DeviceNameTemplate: 'corp-{userName}',
  },
  ...extra,
});

const attachmentsEvent = (RequestType: string, TargetIds: string[], extra: Record<string, unknown> = {}) => ({
  RequestType,
  ResourceType: 'Custom::OrgMfaGuardrailAttachments',
  ResourceProperties: { ServiceToken: 'token', PolicyIds: [RULE, TIME_BOXED], TargetIds },
  ...extra,
});

const refreshEvent = (targetIds = [OU_A, OU_B]) => ({
  refresh: {
    policies: [
      { part: 'rule', policyId: RULE },
      { part: 'timeBoxed', policyId: TIME_BOXED },
    ],
    partition: 'aws',
    deviceNameTemplate: 'corp-{userName}',
    targetIds,
  },
});

const targets = (...ids: string[]) => ({ Targets: ids.map((TargetId) => ({ TargetId })) });

beforeEach(() => organizations.reset());

describe('guardrail SCP custom resource', () => {
  test.each([
    ['rule', 'orgmfa-require-mfa', policyContent(ruleScp(SCOPE))],
    ['timeBoxed', 'orgmfa-require-mfa-time-boxed', policyContent(timeBoxedScp(SCOPE, NOW))],
  ])(
    'Create makes the %s SCP, unattached, with its content for now, and answers its id',
    async (part, name, content) => {
      organizations.on(CreatePolicyCommand).resolves({ Policy: { PolicySummary: { Id: RULE } } });

      const result = await guardrailPolicies(deps(), policyEvent('Create', part));

      expect(result).toEqual({ PhysicalResourceId: RULE, Data: { PolicyId: RULE } });
      expect(organizations).toHaveReceivedCommandTimes(CreatePolicyCommand, 1);
      expect(organizations).toHaveReceivedCommandWith(CreatePolicyCommand, {
        Name: name,
        Type: 'SERVICE_CONTROL_POLICY',
        Content: content,
      });
      expect(organizations).not.toHaveReceivedCommand(AttachPolicyCommand);
    },
  );

  test('Update puts the content for the new properties into the same policy', async () => {
    organizations.on(UpdatePolicyCommand).resolves({});

    const result = await guardrailPolicies(
      deps(),
      policyEvent('Update', 'rule', { PhysicalResourceId: RULE, OldResourceProperties: {} }),
    );

    expect(result).toEqual({ PhysicalResourceId: RULE, Data: { PolicyId: RULE } });
    expect(organizations).toHaveReceivedCommandWith(UpdatePolicyCommand, {
      PolicyId: RULE,
      Name: 'orgmfa-require-mfa',
      Content: policyContent(ruleScp(SCOPE)),
    });
  });

  test('Delete deletes the policy; one already gone, or a create that never made one, is done', async () => {
    organizations
      .on(DeletePolicyCommand)
      .rejectsOnce(new PolicyNotFoundException({ message: 'gone', $metadata }));

    await guardrailPolicies(deps(), policyEvent('Delete', 'rule', { PhysicalResourceId: RULE }));
    await guardrailPolicies(deps(), policyEvent('Delete', 'rule', { PhysicalResourceId: 'request-1234' }));

    expect(organizations).toHaveReceivedCommandTimes(DeletePolicyCommand, 1);
    expect(organizations).toHaveReceivedCommandWith(DeletePolicyCommand, { PolicyId: RULE });
  });

  test('Delete of a policy still attached somewhere fails with one line naming it', async () => {
    organizations.on(DeletePolicyCommand).rejects(new PolicyInUseException({ message: 'in use', $metadata }));

    await expect(
      guardrailPolicies(deps(), policyEvent('Delete', 'rule', { PhysicalResourceId: RULE })),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'GuardrailPolicyFailed',
        message: `deleting the SCP ${RULE} failed (PolicyInUseException: in use)`,
      }),
    );
  });

  test('a request with bad properties is refused before any call', async () => {
    const event = policyEvent('Create', 'rule');
    (event.ResourceProperties as Record<string, unknown>).DeviceNameTemplate = 'evil/*';

    await expect(guardrailPolicies(deps(), event)).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidEvent' }),
    );
    expect(organizations.calls()).toHaveLength(0);
  });
});

describe('guardrail attachments custom resource', () => {
  test('Create attaches each SCP to exactly the configured targets; attached already is fine', async () => {
    organizations
      .on(AttachPolicyCommand, { PolicyId: RULE, TargetId: OU_A })
      .rejects(new DuplicatePolicyAttachmentException({ message: 'twice', $metadata }))
      .on(AttachPolicyCommand)
      .resolves({});

    await guardrailPolicies(deps(), attachmentsEvent('Create', [OU_A, OU_B]));

    const attached = organizations.commandCalls(AttachPolicyCommand).map((call) => call.args[0].input);
    expect(attached).toEqual([
      { PolicyId: RULE, TargetId: OU_A },
      { PolicyId: RULE, TargetId: OU_B },
      { PolicyId: TIME_BOXED, TargetId: OU_A },
      { PolicyId: TIME_BOXED, TargetId: OU_B },
    ]);
    expect(organizations).not.toHaveReceivedCommand(DetachPolicyCommand);
  });

  test('Update attaches to added targets and detaches from removed ones, nothing else', async () => {
    organizations.on(AttachPolicyCommand).resolves({}).on(DetachPolicyCommand).resolves({});
    const old = { ServiceToken: 'token', PolicyIds: [RULE, TIME_BOXED], TargetIds: [OU_A] };

    await guardrailPolicies(
      deps(),
      attachmentsEvent('Update', [OU_B], { PhysicalResourceId: 'x', OldResourceProperties: old }),
    );

    expect(organizations.commandCalls(AttachPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { PolicyId: RULE, TargetId: OU_B },
      { PolicyId: TIME_BOXED, TargetId: OU_B },
    ]);
    expect(organizations.commandCalls(DetachPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { PolicyId: RULE, TargetId: OU_A },
      { PolicyId: TIME_BOXED, TargetId: OU_A },
    ]);
  });

  test('Delete detaches each SCP from wherever it is attached now, tolerating what is gone', async () => {
    organizations
      .on(ListTargetsForPolicyCommand, { PolicyId: RULE })
      .resolves(targets(OU_A, '444444444444'))
      .on(ListTargetsForPolicyCommand, { PolicyId: TIME_BOXED })
      .rejects(new PolicyNotFoundException({ message: 'gone', $metadata }))
      .on(DetachPolicyCommand, { TargetId: OU_A })
      .rejects(new PolicyNotAttachedException({ message: 'not attached', $metadata }))
      .on(DetachPolicyCommand)
      .resolves({});

    const result = await guardrailPolicies(
      deps(),
      attachmentsEvent('Delete', [OU_A], { PhysicalResourceId: 'attachments-1' }),
    );

    expect(result).toEqual({ PhysicalResourceId: 'attachments-1' });
    expect(organizations.commandCalls(DetachPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { PolicyId: RULE, TargetId: OU_A },
      { PolicyId: RULE, TargetId: '444444444444' },
    ]);
  });

  test('an attachment IAM does not allow yet (a policy just created) is tried again, for up to 30 s', async () => {
    organizations
      .on(AttachPolicyCommand)
      .rejectsOnce(new AccessDeniedException({ message: 'not yet', $metadata }))
      .rejectsOnce(new AccessDeniedException({ message: 'not yet', $metadata }))
      .resolves({});
    const run = deps();

    await guardrailPolicies(run, attachmentsEvent('Create', [OU_A]));

    expect(organizations).toHaveReceivedCommandTimes(AttachPolicyCommand, 4);
    expect(run.slept).toEqual([2_000, 4_000]);
  });

  test('a refused attachment fails the deployment with the policy, the target and the reason', async () => {
    organizations
      .on(AttachPolicyCommand)
      .rejects(new AccessDeniedException({ message: 'not allowed', $metadata }));
    const run = deps();

    await expect(guardrailPolicies(run, attachmentsEvent('Create', [OU_A]))).rejects.toThrow(
      `attaching ${RULE} to ${OU_A} failed (AccessDeniedException: not allowed)`,
    );
    expect(organizations).toHaveReceivedCommandTimes(AttachPolicyCommand, 5);
    expect(run.slept).toEqual([2_000, 4_000, 8_000, 16_000]);
  });

  test('any other refusal fails at once', async () => {
    organizations
      .on(AttachPolicyCommand)
      .rejects(new PolicyNotFoundException({ message: 'no such policy', $metadata }));
    const run = deps();

    await expect(guardrailPolicies(run, attachmentsEvent('Create', [OU_A]))).rejects.toThrow(
      `attaching ${RULE} to ${OU_A} failed (PolicyNotFoundException: no such policy)`,
    );
    expect(run.slept).toEqual([]);
  });
});

describe('guardrail refresh (hourly schedule)', () => {
  test("replaces the time-boxed SCP's content when the day changed, leaves the unchanged rule alone", async () => {
    // GIVEN the SCPs as generated yesterday
    const yesterday = new Date('2025-06-12T10:00:00Z');
    organizations
      .on(DescribePolicyCommand, { PolicyId: RULE })
      .resolves({ Policy: { Content: policyContent(ruleScp(SCOPE)) } })
      .on(DescribePolicyCommand, { PolicyId: TIME_BOXED })
      .resolves({ Policy: { Content: policyContent(timeBoxedScp(SCOPE, yesterday)) } })
      .on(ListTargetsForPolicyCommand)
      .resolves(targets(OU_A, OU_B))
      .on(UpdatePolicyCommand)
      .resolves({});
    const run = deps();

    // WHEN
    const outcome = await guardrailPolicies(run, refreshEvent());

    // THEN only the time-boxed SCP changes, to today's content
    expect(outcome).toEqual({ updated: [TIME_BOXED], missing: [], extra: [] });
    expect(organizations).toHaveReceivedCommandTimes(UpdatePolicyCommand, 1);
    expect(organizations).toHaveReceivedCommandWith(UpdatePolicyCommand, {
      PolicyId: TIME_BOXED,
      Content: policyContent(timeBoxedScp(SCOPE, NOW)),
    });
    expect(run.metrics.counts).toEqual({ GuardrailRefreshed: 1, GuardrailAttachmentDrift: 0 });
  });

  test('puts back an SCP someone edited by hand', async () => {
    organizations
      .on(DescribePolicyCommand, { PolicyId: RULE })
      .resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[]}' } })
      .on(DescribePolicyCommand, { PolicyId: TIME_BOXED })
      .resolves({ Policy: { Content: policyContent(timeBoxedScp(SCOPE, NOW)) } })
      .on(ListTargetsForPolicyCommand)
      .resolves(targets(OU_A, OU_B))
      .on(UpdatePolicyCommand)
      .resolves({});

    const outcome = await guardrailPolicies(deps(), refreshEvent());

    expect(outcome).toMatchObject({ updated: [RULE] });
    expect(organizations).toHaveReceivedCommandWith(UpdatePolicyCommand, {
      PolicyId: RULE,
      Content: policyContent(ruleScp(SCOPE)),
    });
  });

  test('reports attachments that differ from the configuration and never changes them (break-glass stays)', async () => {
    // GIVEN the rule detached from OU_B by hand, and the time-boxed SCP also attached to an account
    organizations
      .on(DescribePolicyCommand, { PolicyId: RULE })
      .resolves({ Policy: { Content: policyContent(ruleScp(SCOPE)) } })
      .on(DescribePolicyCommand, { PolicyId: TIME_BOXED })
      .resolves({ Policy: { Content: policyContent(timeBoxedScp(SCOPE, NOW)) } })
      .on(ListTargetsForPolicyCommand, { PolicyId: RULE })
      .resolves(targets(OU_A))
      .on(ListTargetsForPolicyCommand, { PolicyId: TIME_BOXED })
      .resolves(targets(OU_A, OU_B, '444444444444'));
    const run = deps();

    // WHEN
    const outcome = await guardrailPolicies(run, refreshEvent());

    // THEN
    expect(outcome).toEqual({
      updated: [],
      missing: [{ policyId: RULE, targetId: OU_B }],
      extra: [{ policyId: TIME_BOXED, targetId: '444444444444' }],
    });
    expect(run.metrics.counts).toEqual({ GuardrailRefreshed: 1, GuardrailAttachmentDrift: 2 });
    expect(organizations).not.toHaveReceivedCommand(AttachPolicyCommand);
    expect(organizations).not.toHaveReceivedCommand(DetachPolicyCommand);
    expect(organizations).not.toHaveReceivedCommand(UpdatePolicyCommand);
  });

  test('a policy that cannot be read fails the refresh (the errors alarm), counting no success', async () => {
    organizations
      .on(DescribePolicyCommand)
      .rejects(new PolicyNotFoundException({ message: 'gone', $metadata }));
    const run = deps();

    await expect(guardrailPolicies(run, refreshEvent())).rejects.toThrow(
      `reading the SCP ${RULE} failed (PolicyNotFoundException: gone)`,
    );
    expect(run.metrics.counts).toEqual({});
  });

  test.each([
    ['no policies', { ...refreshEvent().refresh, policies: [] }],
    ['a target that is no OU', { ...refreshEvent().refresh, targetIds: ['arn:aws:iam::1:root'] }],
  ])('a refresh with %s is refused before any call', async (_case, refresh) => {
    await expect(guardrailPolicies(deps(), { refresh })).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidEvent' }),
    );
    expect(organizations.calls()).toHaveLength(0);
  });
});
