import { COMPLIANCE_TAG_KEYS } from '../../functions/core/compliance/tags';
import {
  IAMClient,
  ListMFADeviceTagsCommand,
  paginateListMFADevices,
  TagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { isAccessDenied } from '../../functions/aws/aws-errors';
import { tagMap } from '../../functions/aws/tag-map';
import { iamUserOfArn } from '../../functions/core/iam-names';
import { colourEnabled } from '../../functions/core/report/terminal-text';
import { isProvisionedFor, seedParameterName } from '../../functions/core/provisioning';
import { profileName, readSharedFiles, requireProfile } from '../aws-files/shared-files';
import { credentialsFailure, decorated, resolveRegion, sdkConfig } from '../aws-sdk';
import { credentialsName } from '../error-hints';
import { askCode, readFirstLine } from '../prompt';
import { isInteractive, type CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

export interface SeedOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly codeStdin?: boolean;
}

/** An IAM user's unique id, as GetCallerIdentity reports it for an IAM user. */
const USER_ID = /^AIDA[A-Z0-9]{12,124}$/;

/** A virtual MFA device's serial number is its ARN; hardware and FIDO devices have others. */
const VIRTUAL_DEVICE = /^arn:aws[\w-]*:iam::\d{12}:mfa\//;

/** The issuer authenticator apps show; the one the AWS console's own QR codes carry. */
const ISSUER = 'Amazon Web Services';

/**
 * The URI as a QR code of half blocks. On a colour terminal, qrcode's terminal renderer draws it dark on
 * a white background, which scans whatever the terminal's colours; with NO_COLOR (or TERM=dumb) it is
 * plain Unicode (dark modules as blocks, light ones as spaces), with no escape sequence to garble a log
 * or a pipe; a dark terminal then shows it inverted, and an app that cannot read that takes the URI
 * printed under it.
 */
function qrCode(uri: string, runtime: CliRuntime): Promise<string> {
  return colourEnabled({ isTty: runtime.stdout.isTTY === true }, process.env)
    ? QRCode.toString(uri, { type: 'terminal', small: true })
    : QRCode.toString(uri, { type: 'utf8' });
}

/**
 * `orgmfa seed`: the one-time pickup of the seed orgmfa provisioned for the caller's own IAM user. It
 * shows the seed as a QR code and an `otpauth://` URI on standard output (the only place the seed ever
 * goes: never a file, a log or an error message), asks for one current code from the authenticator
 * app, and deletes the parameter only when that code matches. A wrong code keeps the parameter, so
 * the user can try again.
 */
export async function runSeed(options: SeedOptions, runtime: CliRuntime): Promise<void> {
  if (!options.codeStdin && !isInteractive(runtime)) {
    throw new UsageError(
      'orgmfa seed shows a QR code and asks for a code from your app: run it on a terminal (or pass --code-stdin)',
    );
  }
  // --code-stdin changes where the code comes from, never where the seed goes: a terminal only.
  if (runtime.stdout.isTTY !== true) {
    throw new UsageError('orgmfa seed shows the seed on a terminal only, and standard output is redirected');
  }
  const files = readSharedFiles();
  requireProfile(files, options.profile);
  const region = resolveRegion(options.region, files, profileName(options.profile));
  if (region === undefined) {
    throw new UsageError(
      "no region: seeds are kept in the orgmfa hub's region; pass --region or set AWS_REGION",
    );
  }
  const config = sdkConfig({
    region,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
  const who = credentialsName(options);

  let identity: { Arn?: string | undefined; UserId?: string | undefined };
  try {
    identity = await decorated(runtime, new STSClient(config)).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw credentialsFailure(error, who) ?? error;
  }
  const arn = identity.Arn;
  const user = iamUserOfArn(arn);
  if (user === undefined || identity.UserId === undefined || !USER_ID.test(identity.UserId)) {
    throw new CommandFailedError(
      `orgmfa seed needs your IAM user's own credentials, not ${arn ?? 'an unknown identity'} (${who})`,
    );
  }
  // Named by the user's unique id (GetCallerIdentity's UserId for an IAM user): the user need not know it.
  const userId = identity.UserId;
  const name = seedParameterName(userId);
  const ssm = decorated(runtime, new SSMClient(config));
  let seed: string;
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    seed = (Parameter?.Value ?? '').replace(/\s/g, '').toUpperCase();
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound') {
      throw new CommandFailedError(
        `no seed is waiting for ${user.userName} in account ${user.accountId}, region ${region}: it was collected already, expired, or never provisioned (ask an administrator)`,
        { cause: error },
      );
    }
    if (isAccessDenied(error)) {
      throw new CommandFailedError(`not allowed to read ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw credentialsFailure(error, who) ?? error;
  }
  if (!/^[A-Z2-7]{16,}=*$/.test(seed)) {
    throw new CommandFailedError(`${name} does not hold a base32 TOTP seed; ask an administrator`);
  }

  const uri = generateURI({ issuer: ISSUER, label: `${user.userName}@${user.accountId}`, secret: seed });
  runtime.stderr.write(
    `Your MFA seed (${name}). Scan the QR code with your authenticator app, or enter the URI below; it is shown once.\n`,
  );
  runtime.stdout.write(`${await qrCode(uri, runtime)}\n${uri}\n\n`);

  if (!(await confirmed(options, runtime, seed))) {
    throw new CommandFailedError(
      "that code does not match the seed, which was kept: run orgmfa seed again and enter the code your app shows then (check the phone's clock)",
    );
  }
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (error) {
    throw new CommandFailedError(
      `the code matched, but ${name} could not be deleted (${(error as Error).message}): ask an administrator to delete it`,
      { cause: error },
    );
  }
  await recordPickup(runtime, config, userId);
  runtime.stderr.write(
    `Confirmed, and ${name} is deleted: the seed now lives only in your app. Clear this terminal's scrollback, which still shows it.\n`,
  );
}

/** How many codes a person may type before the seed pickup gives up (the seed is kept). */
const CONFIRM_TRIES = 3;

/** Whether `code` is the seed's current code, with one 30-second window either side (a phone's clock). */
async function matches(seed: string, code: string | undefined): Promise<boolean> {
  const digits = (code ?? '').replace(/\s/g, '');
  return /^\d{6}$/.test(digits) && (await verify({ secret: seed, token: digits, epochTolerance: 30 })).valid;
}

/**
 * The person proves the app shows the seed's codes: one line of standard input with `--code-stdin`;
 * on a terminal, up to {@link CONFIRM_TRIES} codes (a typo, or a code read just as it changed, asks
 * again instead of ending the pickup).
 */
async function confirmed(options: SeedOptions, runtime: CliRuntime, seed: string): Promise<boolean> {
  if (options.codeStdin) return matches(seed, await readFirstLine(runtime));
  for (let attempt = 1; attempt <= CONFIRM_TRIES; attempt++) {
    if (await matches(seed, await askCode(runtime, 'Enter the code your app shows now, to confirm: ')))
      return true;
    if (attempt < CONFIRM_TRIES)
      runtime.stderr.write('that code does not match: try the code your app shows now\n');
  }
  return false;
}

/**
 * Tags the user's provisioned device `orgmfa:seed-collected`, so the sweep knows the seed was collected
 * and does not report it as expired uncollected (ORGMFA.4). The device is found whatever its name
 * (`deviceNameTemplate`): among the user's own devices (ListMFADevices), the virtual one orgmfa tagged
 * as provisioned for this user's id. OrgMfaSelfService allows reading the tags of, and setting that
 * one tag on, only such a device. The seed is collected either way: a failure here only warns.
 */
async function recordPickup(
  runtime: CliRuntime,
  config: ReturnType<typeof sdkConfig>,
  userId: string,
): Promise<void> {
  const iam = decorated(runtime, new IAMClient(config));
  try {
    const serials: string[] = [];
    for await (const page of paginateListMFADevices({ client: iam }, {})) {
      for (const device of page.MFADevices ?? []) {
        if (device.SerialNumber !== undefined && VIRTUAL_DEVICE.test(device.SerialNumber)) {
          serials.push(device.SerialNumber);
        }
      }
    }
    const provisioned = await findProvisioned(iam, serials, userId);
    if (provisioned === undefined) {
      runtime.stderr.write(
        "note: none of your MFA devices is one orgmfa provisioned for you, so the pickup is not recorded; orgmfa's sweep may report the seed as uncollected\n",
      );
      return;
    }
    await iam.send(
      new TagMFADeviceCommand({
        SerialNumber: provisioned,
        Tags: [{ Key: COMPLIANCE_TAG_KEYS.seedCollected, Value: runtime.now().toISOString() }],
      }),
    );
  } catch (error) {
    runtime.stderr.write(
      `note: could not record the pickup on your provisioned device (${(error as Error).name}); orgmfa's sweep may report the seed as uncollected\n`,
    );
  }
}

/** The first of `serials` tagged as provisioned by orgmfa for `userId`; devices whose tags the user may not read are not. */
async function findProvisioned(iam: IAMClient, serials: readonly string[], userId: string) {
  for (const serial of serials) {
    let tags: Record<string, string>;
    try {
      tags = tagMap((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags);
    } catch (error) {
      if (isAccessDenied(error)) continue;
      throw error;
    }
    if (isProvisionedFor(tags, userId)) return serial;
  }
  return undefined;
}
