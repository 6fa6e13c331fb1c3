/**
 * Shared config and credentials files as people really keep them: comments of both kinds, inline
 * comments, `[default]`, SSO sections, sub-properties, odd spacing, CRLF line endings, no final line
 * ending, a UTF-8 byte order mark. Built from lines here (rather than stored as files) so that no
 * editor or Git setting can normalise the bytes the tests depend on.
 */

/** A hand-kept credentials file with LF endings: alice's long-term keys are in `work`. */
export const CREDENTIALS_LF = [
  '# AWS credentials, kept by hand',
  '# (never commit this file)',
  '',
  '[default]',
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '',
  '; work account: alice, long-term keys',
  '[work]',
  'aws_access_key_id=AKIAI44QH8DHBEXAMPLE',
  'aws_secret_access_key=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY   # rotated in March',
  '',
  '[personal]',
  '  aws_access_key_id = AKIAJ2EXAMPLEPERSONAL',
  '  aws_secret_access_key = 3xAmPlE/PeRsOnAl/sEcReTkEy0123456789abcd',
  '  region = eu-west-1',
  '',
].join('\n');

/** The same kind of file on Windows: CRLF endings, no final line ending, an existing session profile in the middle. */
export const CREDENTIALS_CRLF_NO_FINAL_NEWLINE = [
  '[default]',
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '',
  '[work-mfa]',
  '# written by orgmfa; region kept by hand',
  'region = us-west-2',
  'aws_access_key_id = ASIAOLDSESSIONEXAMPLE',
  'aws_secret_access_key = oldsecret',
  'aws_session_token = oldtoken',
  'aws_security_token = oldtoken',
  'x_security_token_expires = 2020-01-01T00:00:00.000Z',
  'x_orgmfa_source_profile = work',
  '',
  '[work]',
  'aws_access_key_id = AKIAI44QH8DHBEXAMPLE',
  'aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
].join('\r\n');

/** A config file with SSO sections, sub-properties, a `[profile work]` with `mfa_serial`, a BOM. */
export const CONFIG_WITH_SSO = [
  '\ufeff[default]',
  'region = us-east-1',
  'output = json',
  '',
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = eu-west-1',
  'sso_registration_scopes = sso:account:access',
  '',
  '[profile sso-admin]',
  'sso_session = corp',
  'sso_account_id = 111111111111',
  'sso_role_name = AdministratorAccess',
  's3 =',
  '  max_concurrent_requests = 20',
  '  multipart_threshold = 64MB',
  '',
  '[profile work]   ; alice at work',
  'region = eu-central-1',
  'mfa_serial = arn:aws:iam::222222222222:mfa/alice-phone # her phone',
  '',
  '[services local]',
  'sts =',
  '  endpoint_url = http://localhost:4566',
  '',
].join('\n');

/** Where a section's bytes start and end in `text`: its header line up to the next header line, or the end. */
export function sectionBounds(text: string, header: string): { start: number; end: number } {
  const start = text.indexOf(header);
  if (start < 0) throw new Error(`no ${header} in the text`);
  const next = text.indexOf('\n[', start + header.length);
  return { start, end: next < 0 ? text.length : next + 1 };
}
