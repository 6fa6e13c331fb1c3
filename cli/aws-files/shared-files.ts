import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../usage-error';
import { parseIni, valuesOf, type IniDocument } from './ini';

/** Where the AWS shared files are, resolved as the AWS SDKs resolve them. */
export interface SharedFilePaths {
  readonly config: string;
  readonly credentials: string;
}

/** The home directory as the AWS SDKs find it (HOME first, then the OS's idea of it). */
export function awsHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith('~/') ? join(awsHomeDir(env), path.slice(2)) : path;
}

/** `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`. */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): SharedFilePaths {
  const home = awsHomeDir(env);
  return {
    config: expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), env),
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), env),
  };
}

/** The profile orgmfa acts as: `--profile`, else `AWS_PROFILE`, else `default`. */
export function profileName(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? (env.AWS_PROFILE || 'default');
}

/** A file's bytes, or an empty buffer when it does not exist. */
export function readIfExists(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/** Both shared files, parsed. */
export interface SharedFiles {
  readonly paths: SharedFilePaths;
  readonly config: IniDocument;
  readonly credentials: IniDocument;
}

/** Reads and parses both shared files (a missing file is an empty one). */
export function readSharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  const paths = sharedFilePaths(env);
  return {
    paths,
    config: parseIni(readIfExists(paths.config)),
    credentials: parseIni(readIfExists(paths.credentials)),
  };
}

/** A profile's settings in the config file: `[default]` or `[profile NAME]` (the latter wins). */
export function configProfile(files: SharedFiles, name: string): Map<string, string> | undefined {
  const prefixed = valuesOf(files.config, `profile ${name}`);
  const plain = name === 'default' ? valuesOf(files.config, 'default') : undefined;
  if (prefixed === undefined && plain === undefined) return undefined;
  return new Map([...(plain ?? []), ...(prefixed ?? [])]);
}

/** A profile's settings in the credentials file: `[NAME]`. */
export function credentialsProfile(files: SharedFiles, name: string): Map<string, string> | undefined {
  return valuesOf(files.credentials, name);
}

/**
 * A profile's settings as the AWS CLI sees them: the config file's profile with the credentials
 * file's section of the same name merged over it (botocore's `Session.full_config` updates each
 * config profile with the credentials file's values), or undefined when neither file has it.
 */
export function profileSettings(files: SharedFiles, name: string): Map<string, string> | undefined {
  const inConfig = configProfile(files, name);
  const inCredentials = credentialsProfile(files, name);
  if (inConfig === undefined && inCredentials === undefined) return undefined;
  return new Map([...(inConfig ?? []), ...(inCredentials ?? [])]);
}

/**
 * The one-line usage error for a profile that neither shared file has (`via` says how the profile was
 * reached, e.g. as another profile's source_profile). Every command refuses such a profile the same
 * way, with exit code 2, before anything is sent to AWS.
 */
export function unknownProfile(files: SharedFiles, profile: string, via = ''): UsageError {
  return new UsageError(
    `profile ${profile}${via} is in neither ${files.paths.credentials} nor ${files.paths.config} (choose one with --profile or AWS_PROFILE)`,
  );
}

/** Refuses a `--profile` that neither shared file has (see {@link unknownProfile}). */
export function requireProfile(files: SharedFiles, profile: string | undefined): void {
  if (profile !== undefined && profileSettings(files, profile) === undefined)
    throw unknownProfile(files, profile);
}

/**
 * Replaces `path` with `data` atomically: a temporary file with mode 0600 in the same directory,
 * flushed to disk, then renamed over the target, so a reader sees the old file or the new one, never
 * half of one. A symbolic link (a dotfiles checkout, say) is followed and its target replaced, so the
 * link survives. A missing directory is created with mode 0700.
 */
export function writeFileAtomic(path: string, data: Buffer): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temporary = join(dirname(target), `.${basename(target)}.orgmfa-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      let written = 0;
      while (written < data.length) written += writeSync(fd, data, written);
      // The umask may have narrowed the mode; it must be exactly owner read/write.
      fchmodSync(fd, 0o600);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created: nothing to clean up.
    }
    throw error;
  }
}
