import { Match, type Template } from 'aws-cdk-lib/assertions';
import { stateBucketName } from '../../functions/core/naming';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { logicalIdIn, synthOrgMfa } from './support/synth';
import { ACCOUNTS, testConfig } from './support/test-config';

describe('state bucket', () => {
  let hub: Template;
  let stack: HubStack;
  let bucketId: string;
  let logsId: string;
  beforeAll(() => {
    const synthesized = synthOrgMfa(testConfig());
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
    bucketId = logicalIdIn(stack, stack.stateBucket.bucket);
    logsId = logicalIdIn(stack, stack.stateBucket.accessLogs);
  });

  const bucket = (id: string) => hub.toJSON().Resources[id] as { Properties: Record<string, unknown> };

  test("has the fixed name the functions' policies use, and is kept when the stack goes", () => {
    expect(bucket(bucketId).Properties.BucketName).toBe(stateBucketName(ACCOUNTS.hub));
    expect(bucket(bucketId).Properties.BucketName).toBe('orgmfa-state-222222222222');
    hub.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ BucketName: 'orgmfa-state-222222222222' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test.each([
    ['the state bucket', () => bucketId],
    ['its access-log bucket', () => logsId],
  ])('%s is encrypted, private and without ACLs', (_name, id) => {
    expect(bucket(id()).Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test.each([
    ['the state bucket', () => bucketId],
    ['its access-log bucket', () => logsId],
  ])('%s refuses requests without TLS 1.2', (_name, id) => {
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(), 'Arn'] }, '/*']] };
    const everything = [{ 'Fn::GetAtt': [id(), 'Arn'] }, objects];
    hub.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: everything,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: everything,
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          },
        ]),
      },
    });
  });

  test('is versioned, and logs its access to the separate log bucket', () => {
    expect(bucket(bucketId).Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'state-bucket/' },
    });
    expect(logsId).not.toBe(bucketId);
  });

  test('the log bucket lets S3 log delivery write only the logs of the state bucket, by bucket policy', () => {
    hub.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, '/state-bucket/*']] },
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': ACCOUNTS.hub },
            },
          },
        ]),
      },
    });
    // No canned ACL: the log bucket has ACLs disabled.
    expect(bucket(logsId).Properties.AccessControl).toBeUndefined();
  });

  test('expires sweep files after 30 days, keeps reports 400 days, old versions 30 days', () => {
    expect(bucket(bucketId).Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'ExpireSweepFiles',
          Prefix: 'sweeps/',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        },
        {
          Id: 'ExpireReports',
          Prefix: 'reports/',
          ExpirationInDays: 400,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        },
        {
          Id: 'ExpireOldVersions',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          ExpiredObjectDeleteMarker: true,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ],
    });
  });

  test('findings records never expire: no rule applies to findings/ except for old versions', () => {
    const rules = (bucket(bucketId).Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] })
      .Rules;
    for (const rule of rules) {
      if (rule.ExpirationInDays !== undefined) expect(rule.Prefix).toMatch(/^(sweeps|reports)\//);
    }
  });
});
