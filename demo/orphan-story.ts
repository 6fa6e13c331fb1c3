import { CreateVirtualMFADeviceCommand } from '@aws-sdk/client-iam';
import { describeAction } from '../functions/core/actions';
import { enrolVirtualDevice } from './enrol-device';
import { cloudTrailEvent } from '../local/sim/cloudtrail';
import type { DemoWorld } from './demo-world';

const ACCOUNT = '222222222222';
const USER = 'alice';
const DEVICE = 'alice-laptop';

/**
 * The orphaned device: alice starts MFA setup (the creation is forwarded and recorded), cancels,
 * retries and hits EntityAlreadyExists; the forwarded clash runs the event workflow, which deletes the
 * orphan at once because alice created it; her next attempt succeeds; a duplicate delivery changes
 * nothing.
 */
export async function orphanStory(world: DemoWorld): Promise<void> {
  world.heading(`1. An orphaned virtual MFA device (account ${ACCOUNT}, IAM user ${USER})`);
  let console = world.simulation();
  world.say(USER, `opens "Assign MFA device" and names the device "${DEVICE}"`);
  const createdAt = new Date();
  await console
    .iamOf(ACCOUNT, USER)
    .send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: DEVICE }));
  console.save();
  world.say('IAM', `created arn:aws:iam::${ACCOUNT}:mfa/${DEVICE} (not assigned yet)`);
  world.say(
    'CloudTrail',
    'records the creation; the member rule forwards it: orgmfa records who created the device',
  );
  const creation = cloudTrailEvent({
    accountId: ACCOUNT,
    userName: USER,
    eventName: 'CreateVirtualMFADevice',
    requestParameters: { virtualMFADeviceName: DEVICE, path: '/' },
    time: createdAt,
  });
  const recorded = await world.runEvent(world.eventFile('device-created', creation));
  world.say('orgmfa', `${recorded.outcome ?? ''}: ${recorded.reason ?? ''}`);

  world.say(USER, 'closes the dialog before entering the two codes: the device stays behind, unassigned');
  world.say(USER, 'tries again with the same name');
  console = world.simulation();
  const failure = await console
    .iamOf(ACCOUNT, USER)
    .send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: DEVICE }))
    .then(
      () => undefined,
      (error: Error) => error,
    );
  if (failure === undefined) throw new Error('the simulation let a duplicate device be created');
  world.say('IAM', `✘ ${failure.name}: ${failure.message}`);
  world.say('CloudTrail', 'records the failed call; the member rule forwards it to the hub\'s "orgmfa" bus');
  const clash = world.eventFile(
    'clash',
    cloudTrailEvent({
      accountId: ACCOUNT,
      userName: USER,
      eventName: 'CreateVirtualMFADevice',
      requestParameters: { virtualMFADeviceName: DEVICE, path: '/' },
      error: { code: 'EntityAlreadyExistsException', message: failure.message },
      time: new Date(),
    }),
  );
  const deleted = await world.runEvent(clash);
  if (deleted.actions.length !== 1) throw new Error('the orphan was not deleted');
  for (const action of deleted.actions) world.say('orgmfa', `✔ ${describeAction(action)}`);
  world.say('orgmfa', `why: ${deleted.reason ?? ''}`);

  world.say(USER, 'tries a third time, and enters the two codes from the app');
  console = world.simulation();
  const iam = console.iamOf(ACCOUNT, USER);
  await enrolVirtualDevice(iam, USER, DEVICE);
  console.save();
  world.say('IAM', `✔ ${DEVICE} created and enabled: ${USER} has MFA`);

  world.say('EventBridge', 'delivers the failed call a second time (delivery is at least once)');
  const again = await world.runEvent(clash);
  const assigned = world
    .organization()
    .accounts.find((a) => a.id === ACCOUNT)
    ?.iam.virtualMfaDevices.find((d) => d.name === DEVICE);
  if (again.actions.length !== 0 || assigned?.assignedTo !== USER)
    throw new Error('the duplicate delivery touched the assigned device');
  world.say('orgmfa', `no action (${again.outcome ?? ''}): ${DEVICE} stays assigned to ${USER}`);
}
