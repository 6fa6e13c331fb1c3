import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { OrgMfaConfig } from '../../functions/core/config';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow, type EventRun } from '../../local/runner/event-run';
import { cloudTrailEvent, type CallerIdentity } from '../../local/sim/cloudtrail';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { orgFixture, projectConfig } from './simulated-org';

export const PROD = '222222222222';
export const START = new Date('2026-11-21T09:00:00Z');

/** A person (or an administrator's session) acting in account PROD: real IAM calls, real CloudTrail events. */
export interface Actor {
  readonly identity: CallerIdentity;
  readonly iam: IAMClient;
}

/**
 * The simulated organization on a virtual clock, with people who call IAM in account PROD. Each call
 * returns the EventBridge event CloudTrail would record for it, which the test delivers (or delays,
 * duplicates, loses) as it likes, through the real event workflow.
 */
export function orphanWorld(
  options: {
    fixture?: OrganizationFixture;
    config?: OrgMfaConfig;
    faults?: Parameters<typeof simulatedBackend>[2];
  } = {},
) {
  const clock = new VirtualClock(START);
  const backend: Backend = simulatedBackend(
    options.fixture ?? orgFixture(),
    options.config ?? projectConfig(),
    {
      clock,
      ...options.faults,
    },
  );
  const sim = backend.sim!;

  /** IAM user `userName` of PROD (at the console). */
  const user = (userName: string): Actor => {
    const found = sim.account(PROD)!.iam.users.find((u) => u.userName === userName)!;
    return {
      identity: { type: 'IAMUser', userName, path: found.path },
      iam: backend.clients.iam({ accountId: PROD, credentials: sim.issueUserCredentials(PROD, userName) }),
    };
  };

  /** An administrator's role session in PROD (IAM Identity Center): a different principal per person. */
  const admin = (sessionName: string): Actor => ({
    identity: { type: 'AssumedRole', roleName: 'AWSReservedSSO_AdministratorAccess_0a1b2c3d', sessionName },
    iam: backend.clients.iam({
      accountId: PROD,
      credentials: sim.issueSession(PROD, 'AWSReservedSSO_AdministratorAccess_0a1b2c3d', sessionName),
    }),
  });

  const event = (
    actor: Actor,
    eventName: string,
    requestParameters: Record<string, unknown>,
    error?: Error,
  ) =>
    cloudTrailEvent({
      accountId: PROD,
      caller: actor.identity,
      eventName,
      requestParameters,
      // CloudTrail's spelling of the clash.
      ...(error === undefined
        ? {}
        : { error: { code: 'EntityAlreadyExistsException', message: error.message } }),
      time: clock.now(),
    });

  return {
    clock,
    backend,
    sim,
    user,
    admin,
    /** Runs the event workflow on one delivered event. */
    deliver: (delivered: Record<string, unknown>): Promise<EventRun> => runEventWorkflow(backend, delivered),
    /**
     * `actor` calls CreateVirtualMFADevice `name`: the created device's seed (the person's app holds it)
     * and the event, or the clash's event when the name is taken.
     */
    async create(actor: Actor, name: string) {
      const request = { virtualMFADeviceName: name, path: '/' };
      try {
        const { VirtualMFADevice } = await actor.iam.send(
          new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: '/' }),
        );
        const seed = new TextDecoder().decode(VirtualMFADevice?.Base32StringSeed);
        return { created: true as const, seed, event: event(actor, 'CreateVirtualMFADevice', request) };
      } catch (error) {
        if (!(error as Error).name.startsWith('EntityAlreadyExists')) throw error;
        return {
          created: false as const,
          event: event(actor, 'CreateVirtualMFADevice', request, error as Error),
        };
      }
    },
    /** `actor` enables device `name` for IAM user `userName` with two consecutive codes from the seed. */
    async enable(actor: Actor, userName: string, name: string, seed: string) {
      const serialNumber = `arn:aws:iam::${PROD}:mfa/${name}`;
      const window = totpWindow(clock.now().getTime() / 1000);
      await actor.iam.send(
        new EnableMFADeviceCommand({
          UserName: userName,
          SerialNumber: serialNumber,
          AuthenticationCode1: await totpCodeForWindow(seed, window - 1),
          AuthenticationCode2: await totpCodeForWindow(seed, window),
        }),
      );
      return event(actor, 'EnableMFADevice', { userName, serialNumber });
    },
    /** `actor` deactivates device `name` of IAM user `userName`. */
    async deactivate(actor: Actor, userName: string, name: string) {
      const serialNumber = `arn:aws:iam::${PROD}:mfa/${name}`;
      await actor.iam.send(
        new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber }),
      );
      return event(actor, 'DeactivateMFADevice', { userName, serialNumber });
    },
    /** `actor` deletes the unassigned device `name`. */
    async remove(actor: Actor, name: string) {
      const serialNumber = `arn:aws:iam::${PROD}:mfa/${name}`;
      await actor.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
      return event(actor, 'DeleteVirtualMFADevice', { serialNumber });
    },
    /** Device `name` of PROD, or undefined when it does not exist. */
    device: (name: string) =>
      sim.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === name && d.path === '/'),
    /** The clock `seconds` after the start. */
    at: (seconds: number) => new Date(START.getTime() + seconds * 1000),
  };
}
