/**
 * What to do about the raw errors a person can meet (a missing file, an endpoint that does not answer,
 * no credentials, a sweep that does not exist), as one short hint to put after the error's line.
 * Errors orgmfa raises itself already say what to do; these come from Node or the AWS SDK.
 */
export function hintFor(error: unknown): string | undefined {
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
    case 'CredentialsProviderError':
      return 'no AWS credentials were found: pass --profile, set AWS_PROFILE, or sign in (aws configure, aws sso login)';
    case 'ExecutionDoesNotExist':
      return 'no such sweep execution: check --execution, and that --profile and --region are the hub’s';
    case 'StateMachineDoesNotExist':
      return 'the orgmfa sweep is not deployed there: deploy OrgMfaHub, or use the hub account’s --profile and --region';
    default:
      return undefined;
  }
}
