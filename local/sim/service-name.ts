/** The AWS services the simulation implements, by the SDK's service id in lower case. */
export type ServiceName = 'iam' | 'sts' | 'organizations' | 'ssm' | 'securityhub' | 's3';

const BY_SDK_SERVICE_ID: Record<string, ServiceName> = {
  IAM: 'iam',
  STS: 'sts',
  Organizations: 'organizations',
  SSM: 'ssm',
  SecurityHub: 'securityhub',
  S3: 's3',
};

/** Maps an SDK client's `serviceId` to the simulation's service name, or undefined if not simulated. */
export function serviceNameOf(sdkServiceId: string): ServiceName | undefined {
  return BY_SDK_SERVICE_ID[sdkServiceId];
}
