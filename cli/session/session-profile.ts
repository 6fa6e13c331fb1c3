import { sectionsNamed, type IniDocument } from '../aws-files/ini';
import { credentialsProfile, type SharedFiles } from '../aws-files/shared-files';
import { CommandFailedError } from '../usage-error';

/**
 * The MFA session orgmfa keeps in the shared credentials file. The session *is* the cache: the profile
 * it writes carries its expiry, so there is one copy of the temporary secret (in the file every SDK
 * already reads, with mode 0600), no second cache that could disagree with it, and deleting the
 * profile forgets the session. The expiry key is `x_security_token_expires`, the name saml2aws and
 * gimme-aws-creds write and awsume reads; SDKs and the AWS CLI ignore keys they do not know.
 * `x_orgmfa_source_profile` ties the session to the long-term profile it was made from, so a session
 * is reused or handed out only for that profile.
 */
export const EXPIRY_KEY = 'x_security_token_expires';
export const SOURCE_PROFILE_KEY = 'x_orgmfa_source_profile';
/** aws-mfa's layout: the long-term keys of profile P are in `[P-long-term]`, its session in `[P]`. */
export const AWS_MFA_LONG_TERM_SUFFIX = '-long-term';
/** aws-mfa's expiry key, `YYYY-MM-DD HH:MM:SS` in UTC. */
const AWS_MFA_EXPIRATION_KEY = 'expiration';

/** The keys of a session profile that orgmfa writes (and removes when stale). */
export const SESSION_KEYS: ReadonlySet<string> = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  // boto2's name for the token, which aws-mfa also writes: updated with it so it never goes stale.
  'aws_security_token',
  EXPIRY_KEY,
  SOURCE_PROFILE_KEY,
  // aws-mfa's own bookkeeping in a session it wrote, kept true so aws-mfa does not misread the profile.
  AWS_MFA_EXPIRATION_KEY,
  'assumed_role',
  'assumed_role_arn',
]);

/**
 * A cached session is reused only while it has more than this left: a command started just before
 * expiry would otherwise fail half-way. The AWS SDK for JavaScript treats credentials with less than
 * five minutes left as expired too.
 */
export const RENEWAL_MARGIN_MS = 5 * 60 * 1000;

/** Temporary credentials from GetSessionToken or AssumeRole. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/**
 * The temporary credentials in an STS answer (GetSessionToken, AssumeRole), or a one-line failure
 * naming `what` answered without all four parts: nothing incomplete is ever cached or written.
 */
export function completeCredentials(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  what: string,
): SessionCredentials {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || Expiration === undefined) {
    throw new CommandFailedError(`${what} answered without complete credentials`);
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: Expiration,
  };
}

/**
 * The target profile's name: `--target-profile`; for aws-mfa's layout (keys in `[P-long-term]`), `P`;
 * else `mfa-P` when it exists already (an older name aws-mfa users have), else `P-mfa`.
 */
export function targetProfileName(
  credentials: IniDocument,
  sourceProfile: string,
  option: string | undefined,
): string {
  if (option !== undefined) return option;
  if (sourceProfile.endsWith(AWS_MFA_LONG_TERM_SUFFIX) && sourceProfile !== AWS_MFA_LONG_TERM_SUFFIX) {
    return sourceProfile.slice(0, -AWS_MFA_LONG_TERM_SUFFIX.length);
  }
  const preferred = `${sourceProfile}-mfa`;
  const awsMfa = `mfa-${sourceProfile}`;
  if (sectionsNamed(credentials, preferred).length === 0 && sectionsNamed(credentials, awsMfa).length > 0)
    return awsMfa;
  return preferred;
}

/** What to write into a session profile: its lines, in order, and the keys orgmfa answers for there. */
export interface SessionUpdate {
  readonly entries: [string, string][];
  readonly owned: ReadonlySet<string>;
}

/**
 * The lines of a session profile. Keys aws-mfa keeps (`aws_security_token`, `expiration`,
 * `assumed_role`) are updated when the profile already has them. `region` (the source profile's) is
 * added when the profile has none of its own, so that the session works where its source did; a
 * region already there, set by hand, is left alone.
 */
export function sessionUpdate(
  session: SessionCredentials,
  sourceProfile: string,
  existing: ReadonlyMap<string, string> | undefined,
  region: string | undefined,
): SessionUpdate {
  const kept = (key: string, value: string): [string, string][] => (existing?.has(key) ? [[key, value]] : []);
  const addRegion = region !== undefined && existing?.has('region') !== true;
  return {
    entries: [
      ...(addRegion ? [['region', region] as [string, string]] : []),
      ['aws_access_key_id', session.accessKeyId],
      ['aws_secret_access_key', session.secretAccessKey],
      ['aws_session_token', session.sessionToken],
      ...kept('aws_security_token', session.sessionToken),
      [EXPIRY_KEY, session.expiration.toISOString()],
      [SOURCE_PROFILE_KEY, sourceProfile],
      ...kept(AWS_MFA_EXPIRATION_KEY, session.expiration.toISOString().replace('T', ' ').slice(0, 19)),
      ...kept('assumed_role', 'False'),
    ],
    owned: addRegion ? new Set([...SESSION_KEYS, 'region']) : SESSION_KEYS,
  };
}

/** True when a profile holds long-term keys: an access key and no session token. */
export function holdsLongTermKeys(values: ReadonlyMap<string, string> | undefined): boolean {
  return (
    values !== undefined &&
    values.has('aws_access_key_id') &&
    !values.has('aws_session_token') &&
    !values.has('aws_security_token')
  );
}

/** What the credentials file says about the session of `sourceProfile` in `targetProfile`. */
export type CachedSession =
  | { readonly valid: true; readonly credentials: SessionCredentials }
  | { readonly valid: false; readonly reason: string };

/** Reads the cached session and decides whether it may still be used at `now`. */
export function readCachedSession(
  files: SharedFiles,
  sourceProfile: string,
  targetProfile: string,
  now: Date,
): CachedSession {
  const values = credentialsProfile(files, targetProfile);
  if (values === undefined) return { valid: false, reason: `there is no profile ${targetProfile}` };
  if (values.get(SOURCE_PROFILE_KEY) !== sourceProfile) {
    return {
      valid: false,
      reason: `profile ${targetProfile} holds no orgmfa session of profile ${sourceProfile}`,
    };
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secretAccessKey = values.get('aws_secret_access_key');
  const sessionToken = values.get('aws_session_token');
  const expiration = new Date(values.get(EXPIRY_KEY) ?? 'invalid');
  if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiration.getTime())) {
    return { valid: false, reason: `the session in profile ${targetProfile} is incomplete` };
  }
  if (expiration.getTime() - now.getTime() <= RENEWAL_MARGIN_MS) {
    const when = expiration.getTime() <= now.getTime() ? 'expired' : 'expires';
    return {
      valid: false,
      reason: `the session in profile ${targetProfile} ${when} at ${expiration.toISOString()}`,
    };
  }
  return { valid: true, credentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
}
