import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { SdkClient } from '../../../functions/aws/clients';
import { main } from '../../../cli/main';
import type { CliRuntime } from '../../../cli/runtime';

/** The variables that steer the AWS SDK and orgmfa; each test starts with none of them set. */
const AWS_VARIABLES = [
  'HOME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_EC2_METADATA_DISABLED',
];

/** A temporary home directory with `~/.aws`, and the process environment pointed at it. */
export interface AwsHome {
  readonly home: string;
  readonly configPath: string;
  readonly credentialsPath: string;
  writeConfig(text: string | Buffer): void;
  writeCredentials(text: string | Buffer): void;
  readCredentials(): Buffer;
  readConfig(): Buffer;
}

/**
 * Gives each test of the file a fresh temporary HOME, with the AWS variables cleared (and restored
 * afterwards) and `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` set to files in it. The instance
 * metadata service is disabled so that a missing credential fails at once instead of probing the
 * network.
 */
export function useTemporaryAwsHome(options: { explicitFiles?: boolean } = {}): () => AwsHome {
  const saved = new Map<string, string | undefined>();
  let current: AwsHome | undefined;
  let root: string | undefined;
  beforeEach(() => {
    for (const name of AWS_VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
    root = mkdtempSync(join(tmpdir(), 'orgmfa-home-'));
    const aws = join(root, '.aws');
    mkdirSync(aws, { mode: 0o700 });
    const configPath = join(aws, options.explicitFiles === false ? 'config' : 'config-explicit');
    const credentialsPath = join(
      aws,
      options.explicitFiles === false ? 'credentials' : 'credentials-explicit',
    );
    process.env.HOME = root;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    if (options.explicitFiles !== false) {
      process.env.AWS_CONFIG_FILE = configPath;
      process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsPath;
    }
    current = {
      home: root,
      configPath,
      credentialsPath,
      writeConfig: (text) => writeFileSync(configPath, text),
      writeCredentials: (text) => writeFileSync(credentialsPath, text, { mode: 0o600 }),
      readCredentials: () => readFileSync(credentialsPath),
      readConfig: () => readFileSync(configPath),
    };
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });
  return () => {
    if (current === undefined) throw new Error('useTemporaryAwsHome: only inside a test');
    return current;
  };
}

/** What one in-process run of `orgmfa` printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What the controlling terminal showed, when the run had one (`controllingTerminal`). */
  readonly terminal?: string;
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * Runs `orgmfa args…` in this process, with `stdin` as standard input (not a terminal), capturing
 * standard output and error. `decorateClient` sees every SDK client the command creates.
 */
export async function orgmfa(
  args: readonly string[],
  options: {
    stdin?: string;
    now?: () => Date;
    decorateClient?: (client: SdkClient) => void;
    /** Which streams claim to be terminals (none by default). */
    terminals?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
    /**
     * A controlling terminal (`/dev/tty`) where a person types this; without it the run has none.
     * `opened` counts how often orgmfa opened it.
     */
    controllingTerminal?: { typed: string; opened?: { count: number } };
  } = {},
): Promise<RunResult> {
  const out = collector();
  const err = collector();
  const terminalOutput = collector();
  const controlling = options.controllingTerminal;
  const tty = (isTTY: boolean | undefined) => ({ isTTY: isTTY === true });
  const runtime: CliRuntime = {
    stdin: Object.assign(
      Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      tty(options.terminals?.stdin),
    ),
    stdout: Object.assign(out.stream, tty(options.terminals?.stdout)),
    stderr: Object.assign(err.stream, tty(options.terminals?.stderr)),
    now: options.now ?? (() => new Date()),
    ...(options.decorateClient === undefined ? {} : { decorateClient: options.decorateClient }),
    openTerminal: () => {
      if (controlling === undefined) return undefined;
      if (controlling.opened !== undefined) controlling.opened.count++;
      return {
        stdin: Object.assign(Readable.from([controlling.typed]), { isTTY: true }),
        stderr: Object.assign(terminalOutput.stream, { isTTY: true }),
        close: () => undefined,
      };
    },
  };
  const code = await main(args, runtime);
  return {
    code,
    stdout: out.text(),
    stderr: err.text(),
    ...(controlling === undefined ? {} : { terminal: terminalOutput.text() }),
  };
}

/**
 * How a test starts the `orgmfa` command as its own process in the repository: Node running the
 * TypeScript entry through tsx, so it is always the current source (the packaging test runs the
 * compiled, installed package instead).
 */
export const ORGMFA_COMMAND: readonly string[] = [
  process.execPath,
  '--require',
  require.resolve('tsx/cjs'),
  join(__dirname, '..', '..', '..', 'cli', 'bin', 'orgmfa.ts'),
];
