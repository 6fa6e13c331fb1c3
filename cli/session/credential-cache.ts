import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { awsHomeDir, writeFileAtomic } from '../aws-files/shared-files';
import { RENEWAL_MARGIN_MS, type SessionCredentials } from './session-profile';

/**
 * What orgmfa caches outside the shared credentials file: MFA sessions that `exec`, `credential-process`
 * and role profiles obtained (the credentials file is written only by `orgmfa session` of a profile
 * with keys), and role credentials. One JSON file per entry in `~/.aws/orgmfa/cache/` (directory
 * mode 0700), written atomically with mode 0600, named by a hash of its key so that profile names never
 * become paths. These files hold secrets: orgmfa never prints them, and deleting the directory
 * forgets every session.
 */

/** What an entry is for: the MFA session of a profile's keys, or one role profile's credentials. */
export type CacheKey =
  | {
      readonly kind: 'mfa-session';
      readonly profile: string;
      /** The long-term access key id: a session made with other keys (another user) is not theirs. */
      readonly accessKeyId: string;
    }
  | {
      readonly kind: 'role';
      readonly profile: string;
      /** Everything the credentials depend on (the role, its settings, the chain below it). */
      readonly fingerprint: string;
    };

const ENTRY = z.strictObject({
  Version: z.literal(1),
  Key: z.string(),
  AccessKeyId: z.string().min(1),
  SecretAccessKey: z.string().min(1),
  SessionToken: z.string().min(1),
  Expiration: z.iso.datetime(),
});

/** The cache directory of the current HOME. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(awsHomeDir(env), '.aws', 'orgmfa', 'cache');
}

function entryPath(key: CacheKey): string {
  const name = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 40);
  return join(cacheDirectory(), `${name}.json`);
}

/**
 * The cached credentials for `key` while they have more than the renewal margin left at `now`;
 * undefined when there are none, they are stale, or the file is not an entry for this key.
 */
export function readCache(key: CacheKey, now: Date): SessionCredentials | undefined {
  const entry = readEntry(key);
  if (entry === undefined || entry.expiration.getTime() - now.getTime() <= RENEWAL_MARGIN_MS)
    return undefined;
  return entry;
}

/** When the entry cached for `key` expires, valid or not; undefined when there is no entry for it. */
export function cachedExpiration(key: CacheKey): Date | undefined {
  return readEntry(key)?.expiration;
}

function readEntry(key: CacheKey): SessionCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(entryPath(key), 'utf8');
  } catch {
    return undefined;
  }
  let parsed;
  try {
    parsed = ENTRY.safeParse(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.Key !== JSON.stringify(key)) return undefined;
  return {
    accessKeyId: parsed.data.AccessKeyId,
    secretAccessKey: parsed.data.SecretAccessKey,
    sessionToken: parsed.data.SessionToken,
    expiration: new Date(parsed.data.Expiration),
  };
}

/** Caches `credentials` under `key`, replacing what was there. */
export function writeCache(key: CacheKey, credentials: SessionCredentials): void {
  const entry: z.infer<typeof ENTRY> = {
    Version: 1,
    Key: JSON.stringify(key),
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString(),
  };
  writeFileAtomic(entryPath(key), Buffer.from(`${JSON.stringify(entry)}\n`));
}
