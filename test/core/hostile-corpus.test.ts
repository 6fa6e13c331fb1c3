import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow, type EventRunReport } from '../../local/runner/event-run';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { routeEvent } from '../../functions/core/route';
import { orgFixture, projectConfig } from '../helpers/simulated-org';
import {
  corpusEvent,
  corpusExpectations,
  corpusFiles,
  eventBytes,
  paddedTo,
  type CorpusExpectation,
} from './event-files';

/**
 * The hostile corpus (test/fixtures/events/corpus/): bad, hostile and out-of-scope events, one file
 * each, with what must stop each one in expectations.json. Most are mutations of a valid event for
 * alice-phone, an orphan that really exists in the simulated organization, so acting on any of them by
 * mistake would delete a device and fail the state assertions below.
 */
const EXPECTATIONS = corpusExpectations();
const FILES = corpusFiles();
const PROD = '222222222222';
const SUSPENDED = '444444444444';
const MUTATING = /^(Delete|Create|Enable|Deactivate|Update|Put|Tag|Untag|BatchImport)/;
const OVERSIZED_REASON = 'the event is larger than EventBridge allows (256 KB)';
/** Five seconds after the corpus events' own time. */
const NOW = new Date('2026-11-22T08:00:05Z');

/** The organization and a backend on a clock that stands still at {@link NOW}. */
function corpusBackend() {
  const fixture = corpusOrganization();
  return { fixture, backend: simulatedBackend(fixture, projectConfig(), { clock: new VirtualClock(NOW) }) };
}

/** The state of the member accounts (everything but the hub's own state bucket). */
function memberState(state: OrganizationFixture) {
  return state.accounts.map(({ s3: _hubBucket, ...account }) => account);
}

type Case = readonly [file: string, event: unknown, expectation: CorpusExpectation];

/**
 * Events built here rather than stored: an event just over EventBridge's 256 KB, and one far over
 * it (a 300 KB name), to keep the repository's fixtures small.
 */
function generatedCases(): Case[] {
  const valid = corpusEvent('duplicate-delivery.json') as Record<string, unknown>;
  const farOver = structuredClone(valid);
  (farOver.detail as { requestParameters: Record<string, unknown> }).requestParameters.virtualMFADeviceName =
    'a'.repeat(300 * 1024);
  return [
    [
      '<generated: 256 KB + 1 byte>',
      paddedTo(valid, 256 * 1024 + 1),
      { stage: 'route', reason: OVERSIZED_REASON },
    ],
    ['<generated: 300 KB name>', farOver, { stage: 'route', reason: OVERSIZED_REASON }],
  ];
}

const CASES: readonly Case[] = [
  ...FILES.map((file): Case => [file, corpusEvent(file), EXPECTATIONS[file]!]),
  ...generatedCases(),
];
const byStage = <S extends CorpusExpectation['stage']>(stage: S) =>
  CASES.filter(
    (c): c is readonly [string, unknown, Extract<CorpusExpectation, { stage: S }>] => c[2]?.stage === stage,
  );

/** The three-account organization plus a SUSPENDED account that has the member stack and an orphan. */
function corpusOrganization(): OrganizationFixture {
  const fixture = orgFixture();
  fixture.accounts.push({
    id: SUSPENDED,
    name: 'closed-project',
    status: 'SUSPENDED',
    parentId: 'ou-a1b2-sandbox1',
    memberStack: true,
    iam: {
      users: [{ userName: 'alice', path: '/', consolePassword: true, accessKeys: [], tags: {} }],
      virtualMfaDevices: [{ name: 'alice-phone', path: '/', assignedTo: null }],
    },
  });
  return fixture;
}

function mutatingCalls(report: EventRunReport) {
  return report.apiCalls.filter((c) => MUTATING.test(c.operation));
}

describe('the hostile corpus', () => {
  test('holds at least 45 events, each with an expectation, and no expectation without its file', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(45);
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(FILES);
  });

  test('its generated events are over 256 KB, and its stored files stay small (< 300 KB)', () => {
    expect(generatedCases().filter(([, event]) => eventBytes(event) <= 256 * 1024)).toEqual([]);
    expect(FILES.filter((file) => eventBytes(corpusEvent(file)) >= 300 * 1024)).toEqual([]);
  });
});

describe('(a) ParseEvent routing of the hostile corpus (routeEvent, aws hub)', () => {
  test.each(byStage('route'))(
    'GIVEN %s WHEN routed THEN it is rejected with the expected reason',
    (_, event, expected) => {
      const route = routeEvent(event, 'aws');

      expect(route).toMatchObject({
        route: 'Reject',
        accountId: route.accountId,
        reason: expected.reason,
        device: null,
      });
      // The account is named only once the envelope proved it valid, and then it is the event's own.
      if (route.accountId !== null) {
        expect(route.accountId).toMatch(/^\d{12}$/);
        expect(route.accountId).toBe((event as { account: unknown }).account);
      }
    },
  );

  // routeEvent is pure: membership, the member role and the current listing are known only by asking
  // AWS, so these well-formed events are routed and must be stopped further on (see (b)).
  test.each([
    ...byStage('membership'),
    ...byStage('member-role'),
    ...byStage('duplicate'),
    ...byStage('record'),
  ])(
    'GIVEN %s (well-formed) WHEN routed THEN it goes to the device step with exactly its own device',
    (_, event, expected) => {
      const route = routeEvent(event, 'aws');

      expect(route).toMatchObject({
        route: 'DeviceEvent',
        accountId: (event as { account: string }).account,
        reason: null,
        device: { serialNumber: expected.serialNumber, kind: 'kind' in expected ? expected.kind : 'Clash' },
      });
    },
  );
});

describe('(b) the hostile corpus end to end (real ASL, handlers, simulated organization)', () => {
  test.each(byStage('route'))(
    'GIVEN %s THEN the workflow succeeds with the rejection, calls no AWS API and changes nothing',
    async (_, event, expected) => {
      const { fixture, backend } = corpusBackend();

      const { report, log } = await runEventWorkflow(backend, event);

      // Safety first: no action, no AWS call (ParseEvent decides without AWS), nothing changed, logged.
      expect(report.actions).toEqual([]);
      expect(report.apiCalls).toEqual([]);
      expect(backend.sim!.state).toEqual(fixture);
      expect(log.entries).toContainEqual({
        level: 'warn',
        message: 'event rejected',
        attributes: [expect.objectContaining({ reason: expected.reason })],
      });
      // Then a clean outcome: the workflow succeeds and reports the reason.
      expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Rejected', reason: expected.reason });
    },
  );

  test.each(byStage('membership'))(
    'GIVEN %s THEN the membership gate rejects it before any change, and nothing changes',
    async (_, event, expected) => {
      const { fixture, backend } = corpusBackend();

      const { report } = await runEventWorkflow(backend, event);

      expect(report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Rejected',
        reason: expected.reason,
        actions: [],
      });
      expect(mutatingCalls(report)).toEqual([]);
      // orgmfa's record is read first (it has nothing on the device), then the gate refuses.
      expect(new Set(report.apiCalls.map((c) => `${c.service}:${c.operation}`))).toEqual(
        new Set(['s3:GetObject', 'organizations:DescribeAccount', 'sts:AssumeRole']),
      );
      expect(backend.sim!.state).toEqual(fixture);
    },
  );

  test.each(byStage('member-role'))(
    'GIVEN %s THEN the workflow fails with MemberRoleUnavailable naming the account, and nothing changes',
    async (_, event, expected) => {
      const { fixture, backend } = corpusBackend();

      const { report } = await runEventWorkflow(backend, event);

      expect(report.status).toBe('FAILED');
      expect(report.error!.startsWith(expected.errorStartsWith)).toBe(true);
      expect(report.error).toContain(expected.errorContains);
      expect(report.actions).toEqual([]);
      expect(mutatingCalls(report)).toEqual([]);
      expect(backend.sim!.state).toEqual(fixture);
    },
  );

  test.each(byStage('duplicate'))(
    'GIVEN %s (no evidence of its origin) delivered twice THEN the first run deletes the orphan once its age is proven, and the second costs no member-account call',
    async (_, event, expected) => {
      const { fixture, backend } = corpusBackend();

      const first = await runEventWorkflow(backend, event);
      const second = await runEventWorkflow(backend, structuredClone(event));

      expect(first.report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Deleted',
        actions: [{ type: 'DeleteVirtualMFADevice', accountId: PROD, serialNumber: expected.serialNumber }],
      });
      expect(second.report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'NothingToDo',
        reason: expected.reason,
        actions: [],
      });
      expect(second.report.apiCalls.map((c) => `${c.service}:${c.operation}`)).toEqual(['s3:GetObject']);
      const expectedState = structuredClone(fixture);
      const prod = expectedState.accounts.find((a) => a.id === PROD)!;
      prod.iam.virtualMfaDevices = prod.iam.virtualMfaDevices.filter((d) => d.name !== 'alice-phone');
      expect(memberState(backend.sim!.state)).toEqual(memberState(expectedState));
    },
  );

  test.each(byStage('record'))(
    'GIVEN %s THEN orgmfa records it in its hub, and calls nothing in any member account',
    async (_, event, expected) => {
      const { fixture, backend } = corpusBackend();

      const { report } = await runEventWorkflow(backend, event);

      expect(report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Recorded',
        reason: `${expected.kind} ${expected.serialNumber} recorded`,
        actions: [],
      });
      expect(new Set(report.apiCalls.map((c) => `${c.service}@${c.accountId}`))).toEqual(
        new Set(['s3@111111111111']),
      );
      expect(memberState(backend.sim!.state)).toEqual(memberState(fixture));
    },
  );
});
