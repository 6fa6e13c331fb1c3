import type { OrganizationFixture } from './fixture';
import { iamService } from './iam-service';
import { organizationsService } from './organizations-service';
import { s3Service } from './s3-service';
import { securityHubService } from './securityhub-service';
import { SimulatedAws, type SimulatedAwsOptions } from './simulated-aws';
import { ssmService } from './ssm-service';
import { stsService } from './sts-service';

/** A simulated organization with every simulated service registered, over a copy of `fixture`. */
export function createSimulation(fixture: OrganizationFixture, options: SimulatedAwsOptions): SimulatedAws {
  const state = structuredClone(fixture);
  return new SimulatedAws(state, options)
    .register('iam', iamService)
    .register('sts', stsService)
    .register('organizations', organizationsService)
    .register('ssm', ssmService)
    .register('securityhub', securityHubService)
    .register('s3', s3Service);
}
