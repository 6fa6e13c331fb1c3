import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeAction } from '../functions/core/actions';
import { stateBucketName } from '../functions/core/naming';
import { enrolVirtualDevice } from './enrol-device';
import { EXAMPLES, type DemoWorld } from './demo-world';

const PROD = '222222222222';
const USER = 'dave';

/** dave's ORGMFA.1 finding as Security Hub CSPM holds it in the simulated account: status and record state. */
function daveConsoleFinding(world: DemoWorld): string | undefined {
  const findings = (world.organization().accounts.find((a) => a.id === PROD)?.securityHub?.findings ??
    []) as unknown as {
    GeneratorId: string;
    Resources: { Id: string }[];
    Compliance: { Status: string };
    RecordState: string;
  }[];
  const finding = findings.find(
    (f) => f.GeneratorId === 'orgmfa/ORGMFA.1' && f.Resources[0]?.Id === `arn:aws:iam::${PROD}:user/${USER}`,
  );
  return finding === undefined ? undefined : `${finding.Compliance.Status}/${finding.RecordState}`;
}

/** When the evidence of dave's ORGMFA.1 verdict in orgmfa's findings record was read (ISO 8601). */
function evidenceOf(world: DemoWorld): string {
  const organization = world.organization();
  const bucket = organization.accounts
    .flatMap((a) => a.s3?.buckets ?? [])
    .find((b) => b.name === stateBucketName(organization.hubAccountId));
  const record = JSON.parse(bucket?.objects.find((o) => o.key === `findings/${PROD}.json`)?.body ?? '{}') as {
    findings?: { control: string; resourceId: string; evidenceAt: string }[];
  };
  const verdict = record.findings?.find(
    (f) => f.control === 'ORGMFA.1' && f.resourceId === `arn:aws:iam::${PROD}:user/${USER}`,
  );
  if (verdict === undefined) throw new Error(`orgmfa's record has no verdict on ${USER}`);
  return verdict.evidenceAt;
}

/** Waits until the real clock is past `time`. */
async function untilAfter(time: string): Promise<void> {
  const wait = Date.parse(time) + 1 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Compliance: the sweep finds users without MFA, the management account's root user without MFA and
 * an exemption, prints the findings table and writes the HTML report (a copy is put beside the state
 * file); then dave enables MFA, the forwarded EnableMFADevice event re-evaluates him, and his finding
 * is resolved within seconds.
 */
export async function complianceStory(world: DemoWorld, colour: boolean): Promise<void> {
  world.heading('3. Compliance: the organization-wide sweep, its findings and its report');
  world.say('scheduler', 'starts the sweep (every 6 hours when deployed): orgmfa local sweep');
  const sweep = await world.orgmfa(
    [
      'local',
      'sweep',
      '--org',
      world.state,
      '--state-out',
      world.state,
      '--config',
      join(EXAMPLES, 'config.json'),
    ],
    { terminal: colour },
  );
  if (sweep.code !== 0) throw new Error(`orgmfa local sweep exited ${sweep.code}: ${sweep.stderr.trim()}`);
  world.show(sweep.stdout);
  const htmlKey = /s3:\/\/[^/]+\/(\S+\/format=html\/report\.html)$/m.exec(sweep.stdout)?.[1];
  const bucket = world
    .organization()
    .accounts.flatMap((a) => a.s3?.buckets ?? [])
    .find((b) => b.name === stateBucketName(world.organization().hubAccountId));
  const html = bucket?.objects.find((o) => o.key === htmlKey)?.body;
  if (html === undefined) throw new Error('the sweep wrote no HTML report');
  const copy = join(world.dir, 'report.html');
  writeFileSync(copy, html);
  world.say('orgmfa', `the sweep wrote its HTML report to the hub's state bucket; a copy to open: ${copy}`);
  const before = daveConsoleFinding(world);
  world.say('Security Hub', `${USER}'s ORGMFA.1 finding: ${before ?? 'none'}`);
  if (before !== 'FAILED/ACTIVE') throw new Error(`${USER} was not reported without MFA`);

  // Each `orgmfa local` run simulates on a clock of its own that follows real time, and the sweep's
  // clock ran ahead while IAM "built" the credential reports; the record keeps the sweep's evidence
  // time. A fix made before that time would rest on older evidence and be left alone (as it should
  // be), so dave makes his a moment after it, as he would in any case: the sweep never races a person.
  await untilAfter(evidenceOf(world));
  world.say(USER, 'assigns an MFA device in the console and enters the two codes');
  const console = world.simulation();
  const iam = console.iamOf(PROD, USER);
  const enabledAt = Date.now();
  await enrolVirtualDevice(iam, USER, USER);
  console.save();
  world.say(
    'CloudTrail',
    'records EnableMFADevice (examples/events/enable-mfa-device.json); it is forwarded',
  );
  const report = await world.runEvent(join(EXAMPLES, 'events', 'enable-mfa-device.json'));
  for (const action of report.actions) world.say('orgmfa', `✔ ${describeAction(action)}`);
  const after = daveConsoleFinding(world);
  if (after !== 'PASSED/ARCHIVED') throw new Error(`${USER}'s finding was not resolved: ${after ?? 'none'}`);
  world.say(
    'Security Hub',
    `${USER}'s ORGMFA.1 finding: ${after}, ${Date.now() - enabledAt} ms after he enabled MFA (the next sweep would have taken up to 6 hours)`,
  );
}
