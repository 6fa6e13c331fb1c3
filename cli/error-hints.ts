/**
 * How one-line messages name the credentials the AWS SDK found on its own (no `--profile`): its
 * default chain (environment variables, AWS_PROFILE, the default profile, SSO, instance roles).
 */
export const DEFAULT_CREDENTIALS_NAME = 'your credentials';

/** How the credentials of a command's `--profile` (or, without it, the SDK's own) are named in one-line messages. */
export function credentialsName(options: { readonly profile?: string }): string {
  return options.profile === undefined ? DEFAULT_CREDENTIALS_NAME : `profile ${options.profile}`;
}

/** What a hint may name: whose credentials a command used ("profile work"); by default, the SDK's own. */
export interface HintContext {
  readonly who?: string;
}

/** Errors that mean the credentials were not found, or that AWS refused them. */
const CREDENTIALS_ERRORS = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
]);

/** Whether AWS or the SDK says the credentials are missing, unknown or expired. */
export function isCredentialsError(error: unknown): boolean {
  return error instanceof Error && CREDENTIALS_ERRORS.has(error.name);
}

function credentialsHint(name: string, who: string): string | undefined {
  switch (name) {
    case 'CredentialsProviderError':
      return who === DEFAULT_CREDENTIALS_NAME
        ? 'no AWS credentials were found: pass --profile, set AWS_PROFILE, or sign in (aws configure, aws sso login)'
        : `no AWS credentials were found for ${who}: give that profile keys, a role, SSO or a credential_process, or sign in (aws sso login)`;
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'SignatureDoesNotMatch':
      return `AWS did not accept ${who}: check its access key, or create a new one`;
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return `AWS says ${who} expired: get new credentials (orgmfa session, aws sso login)`;
    default:
      return undefined;
  }
}

/**
 * What to do about the raw errors a person can meet (a missing file, an endpoint that does not answer,
 * no credentials, a sweep that does not exist), as one short hint to put after the error's line. Errors
 * orgmfa raises itself already say what to do; these come from Node or the AWS SDK. This is the one
 * place each hint is written: the last-resort handler and the commands' own wrappers all use it.
 */
export function hintFor(error: unknown, context: HintContext = {}): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'a file or folder it names does not exist: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'you may not read or write that file or folder: check its permissions';
    case 'ECONNREFUSED':
      return 'nothing answers at that address: check AWS_ENDPOINT_URL (or the profile’s endpoint_url), or start the endpoint';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'that host name does not resolve: check the region, AWS_ENDPOINT_URL and your network';
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return 'the connection to AWS failed: check your network or proxy, and try again';
  }
  switch (error.name) {
    case 'ExecutionDoesNotExist':
      return 'no such sweep execution: check --execution, and that --profile and --region are the hub’s';
    case 'StateMachineDoesNotExist':
      return 'the orgmfa sweep is not deployed there: deploy OrgMfaHub, or use the hub account’s --profile and --region (and check --config)';
    default:
      return credentialsHint(error.name, context.who ?? DEFAULT_CREDENTIALS_NAME);
  }
}

/**
 * The one line orgmfa prints for an error it has a hint for: the error's own first line (what AWS or
 * Node said), then what to do. Undefined when there is no hint.
 */
export function hintedLine(error: unknown, context: HintContext = {}): string | undefined {
  const hint = hintFor(error, context);
  if (hint === undefined) return undefined;
  const message = (error as Error).message.split('\n')[0]!.replace(/\.$/, '');
  return `${message}; ${hint}`;
}
