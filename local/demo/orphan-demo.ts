/**
 * `npm run demo`: the orphaned-MFA-device story on a simulated three-account organization. A user
 * cancels MFA setup, retries and hits EntityAlreadyExists; the forwarded event runs orgmfa's event
 * workflow through the `orgmfa` command; the orphan is deleted and the retry succeeds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { createAwsClients } from '../../functions/aws/clients';
import { describeAction } from '../../functions/core/actions';
import { TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import type { EventRunReport } from '../runner/event-run';
import { cloudTrailEvent } from '../sim/cloudtrail';
import { createSimulation } from '../sim/create-simulation';
import { readOrganizationFixture, type OrganizationFixture } from '../sim/fixture';
import { attachSimulatedAws } from '../sim/sdk-bridge';

const ACCOUNT = '222222222222';
const USER = 'alice';
const DEVICE = 'alice-phone';
const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'orgmfa-demo-'));
const stateFile = join(dir, 'organization.json');
const start = Date.now();

function say(who: string, text: string): void {
  const t = ((Date.now() - start) / 1000).toFixed(2).padStart(6);
  process.stdout.write(`  +${t}s  ${who.padEnd(11)} ${text}\n`);
}

/** alice's console session against the simulated AWS, over the current state file. */
function console_(state: OrganizationFixture) {
  const sim = createSimulation(state, {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
  });
  const clients = createAwsClients({
    region: 'us-east-1',
    decorate: (client) => attachSimulatedAws(sim, client),
  });
  return {
    sim,
    iam: clients.iam({ accountId: ACCOUNT, credentials: sim.issueUserCredentials(ACCOUNT, USER) }),
  };
}

function loadState(): OrganizationFixture {
  return readOrganizationFixture(JSON.parse(readFileSync(stateFile, 'utf8')));
}

function orgmfa(...args: string[]): EventRunReport {
  // The demo itself runs through tsx; so does the command it plays, from its TypeScript entry.
  const run = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'bin', 'orgmfa.ts'), ...args],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0)
    throw new Error(`orgmfa ${args.join(' ')} exited ${run.status}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as EventRunReport;
}

function runWorkflow(eventFile: string): EventRunReport {
  const began = Date.now();
  const report = orgmfa(
    'local',
    'run-event',
    '--org',
    stateFile,
    '--event',
    eventFile,
    '--state-out',
    stateFile,
    '--json',
  );
  say(
    'orgmfa',
    `workflow ${report.status} in ${Date.now() - began} ms (including the CLI's start-up): ${report.stateTransitions} state transitions, ${report.apiCalls.length} AWS calls`,
  );
  for (const call of report.apiCalls) say('', `  ${call.service}:${call.operation} in ${call.accountId}`);
  for (const action of report.actions) say('orgmfa', `✔ ${describeAction(action)}`);
  if (report.actions.length === 0) say('orgmfa', `no action: ${report.reason ?? report.outcome}`);
  return report;
}

async function main(): Promise<void> {
  writeFileSync(stateFile, readFileSync(join(__dirname, 'organization.json')));
  process.stdout.write(`orgmfa demo: a simulated organization of 3 accounts (state in ${stateFile})\n\n`);

  let session = console_(loadState());
  say(USER, `opens "Assign MFA device" in account ${ACCOUNT} and names the device "${DEVICE}"`);
  await session.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: DEVICE }));
  say('IAM', `created arn:aws:iam::${ACCOUNT}:mfa/${DEVICE} (not assigned yet)`);
  say(USER, 'closes the dialog before entering the two codes: the device stays behind, unassigned');
  say(USER, 'tries again with the same name');
  let failure: Error | undefined;
  try {
    await session.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: DEVICE }));
  } catch (error) {
    failure = error as Error;
  }
  if (failure === undefined) throw new Error('the simulation let a duplicate device be created');
  say('IAM', `✘ ${failure.name}: ${failure.message}`);
  writeFileSync(stateFile, JSON.stringify(session.sim.state, null, 2));

  const event = cloudTrailEvent({
    accountId: ACCOUNT,
    userName: USER,
    eventName: 'CreateVirtualMFADevice',
    requestParameters: { virtualMFADeviceName: DEVICE, path: '/' },
    error: { code: 'EntityAlreadyExistsException', message: failure.message },
    time: new Date(),
  });
  const eventFile = join(dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event, null, 2));
  say('CloudTrail', 'records the failed call; the member rule forwards it to the hub\'s "orgmfa" bus');
  const report = runWorkflow(eventFile);
  if (report.actions.length !== 1) throw new Error('the orphan was not deleted');

  session = console_(loadState());
  say(USER, 'tries a third time');
  const created = await session.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: DEVICE }));
  const seed = new TextDecoder().decode(created.VirtualMFADevice?.Base32StringSeed);
  const window = totpWindow(Date.now() / 1000);
  await session.iam.send(
    new EnableMFADeviceCommand({
      UserName: USER,
      SerialNumber: created.VirtualMFADevice?.SerialNumber,
      AuthenticationCode1: await totpCodeForWindow(seed, window - 1),
      AuthenticationCode2: await totpCodeForWindow(seed, window),
    }),
  );
  writeFileSync(stateFile, JSON.stringify(session.sim.state, null, 2));
  say('IAM', `✔ ${DEVICE} created and enabled: ${USER} has MFA`);

  say('EventBridge', 'delivers the same event a second time (delivery is at least once)');
  runWorkflow(eventFile);
  const assigned = loadState()
    .accounts.find((a) => a.id === ACCOUNT)
    ?.iam.virtualMfaDevices.find((d) => d.name === DEVICE);
  if (assigned?.assignedTo !== USER) throw new Error('the duplicate delivery touched the assigned device');
  say('orgmfa', `${DEVICE} is still assigned to ${USER}: a duplicate is harmless\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exitCode = 1;
});
