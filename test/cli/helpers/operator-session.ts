import type { SdkClient } from '../../../functions/aws/clients';
import { stateBucketName } from '../../../functions/core/naming';
import type { OrganizationFixture } from '../../../local/sim/fixture';
import { credentialReportCsv } from '../../../local/sim/iam-credential-report';
import { attachSimulatedAws } from '../../../local/sim/sdk-bridge';
import { complianceOrg, MGMT } from '../../helpers/compliance-org';
import { simulatedOrg } from '../../helpers/simulated-org';

const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'];

/**
 * The simulated organization and the hub's credentials in the environment, as an operator's would be.
 * Call {@link endOperatorSession} after each test.
 */
export function operatorSession(
  // The organization as of now: operator commands run on the real clock.
  fixture: OrganizationFixture = complianceOrg(new Date()),
  options: { stateBucket?: boolean } = {},
) {
  const org = simulatedOrg(fixture, {
    deployedBuckets: options.stateBucket === false ? [] : [{ name: stateBucketName(MGMT), accountId: MGMT }],
  });
  // Reports ready now, so that a run against real-time clocks need not wait for IAM.
  for (const account of org.sim.state.accounts) {
    account.iam.credentialReport = {
      generatedTime: new Date().toISOString(),
      content: credentialReportCsv(account),
      state: 'COMPLETE',
    };
  }
  const keys = org.sim.issueSession(MGMT, 'orgmfa-sweep-account', 'operator');
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = keys.sessionToken;
  process.env.AWS_REGION = 'us-east-1';
  return { org, decorateClient: (client: SdkClient) => attachSimulatedAws(org.sim, client) };
}

/** Removes the operator's credentials from the environment. */
export function endOperatorSession(): void {
  for (const name of VARIABLES) delete process.env[name];
}
