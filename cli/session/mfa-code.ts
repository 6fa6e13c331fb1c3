import { askCode, readFirstLine, type PromptIo } from '../prompt';
import type { CliRuntime } from '../runtime';
import { UsageError } from '../usage-error';
import { runCodeCommand, type CodeCommand } from './code-command';
import type { CredentialPlan } from './profile-plan';

/** Where the MFA code comes from, as the command line says. */
export interface CodeOptions {
  readonly code?: string;
  readonly codeStdin?: boolean;
  /** `--code-from ykman`: a YubiKey's OATH account. */
  readonly codeFrom?: 'ykman';
  /** `--ykman-account`: the OATH account's name (default: the MFA device's serial, as aws-vault uses it). */
  readonly ykmanAccount?: string;
}

/** An MFA code: six digits, or a usage error that does not echo what was typed. */
export function parseCode(text: string | undefined, source: string): string {
  const code = (text ?? '').replace(/\s/g, '');
  if (!/^\d{6}$/.test(code))
    throw new UsageError(`${source} must be the six-digit code from your MFA device`);
  return code;
}

/** Refuses combinations of code options that cannot all be meant, before anything else runs. */
export function checkCodeOptions(options: CodeOptions): void {
  const given = [
    options.code !== undefined && '--code',
    options.codeStdin === true && '--code-stdin',
    options.codeFrom !== undefined && '--code-from',
  ].filter((flag): flag is string => flag !== false);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} exclude each other`);
  if (options.ykmanAccount !== undefined && options.codeFrom !== 'ykman') {
    throw new UsageError('--ykman-account goes with --code-from ykman');
  }
  if (options.code !== undefined) parseCode(options.code, '--code');
}

/** The code command for `--code-from ykman` (`ykman oath accounts code --single`, ykman 4 and later). */
function ykmanCommand(account: string): CodeCommand {
  return { file: 'ykman', args: ['oath', 'accounts', 'code', '--single', account], label: '`ykman`' };
}

/**
 * `mfa_process` (aws-vault's profile key): a command line run by `/bin/sh -c`, as aws-vault runs it,
 * so pipes and quoting work as the person wrote them in their own config file.
 */
function mfaProcessCommand(mfaProcess: NonNullable<CredentialPlan['mfaProcess']>): CodeCommand {
  const program = /^\s*(\S+)/.exec(mfaProcess.command)?.[1] ?? 'mfa_process';
  return {
    file: '/bin/sh',
    args: ['-c', mfaProcess.command],
    label: `\`${program}\` (mfa_process of profile ${mfaProcess.profile})`,
  };
}

/** Gets the code for an MFA device (named by its serial). */
export type CodeSource = (serial: string) => Promise<string>;

/**
 * Where the MFA code will come from, the first that applies: `--code`, `--code-stdin`,
 * `--code-from ykman`, the profile's `mfa_process`, else a question on the terminal `io` gives.
 * A code command's standard error goes to that terminal too when there is one (opened only when the
 * code is needed), else to standard error. Undefined when none applies, which the caller reports
 * before any AWS call.
 */
export function codeSource(
  options: CodeOptions,
  plan: CredentialPlan,
  runtime: CliRuntime,
  io: () => PromptIo | undefined,
): CodeSource | undefined {
  const { code, codeStdin, codeFrom, ykmanAccount } = options;
  if (code !== undefined) return async () => parseCode(code, '--code');
  if (codeStdin)
    return async () => parseCode(await readFirstLine(runtime), 'the first line of standard input');
  // A code command's messages (ykman's "Touch your YubiKey") go where a question would: under
  // credential_process the controlling terminal, since the SDKs capture standard error; else there.
  const messages = () => io()?.stderr ?? runtime.stderr;
  if (codeFrom === 'ykman') {
    return (serial) => runCodeCommand(ykmanCommand(ykmanAccount ?? serial), messages());
  }
  const { mfaProcess } = plan;
  if (mfaProcess !== undefined) return () => runCodeCommand(mfaProcessCommand(mfaProcess), messages());
  const terminal = io();
  if (terminal === undefined) return undefined;
  return (serial) => askCode(terminal, `MFA code for ${serial}: `);
}
