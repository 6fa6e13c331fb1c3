import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { STATE_PREFIXES } from '../policies/state-objects';

/** Properties of {@link StateBucket}. */
export interface StateBucketProps {
  /** The bucket's name (`stateBucketName`): fixed, so that policies name it from configuration alone. */
  readonly bucketName: string;
}

/** How long a sweep's account list and Map results stay: long enough to investigate a failed sweep. */
export const SWEEP_FILES_RETENTION = Duration.days(30);
/** How long sweep reports stay: a year of compliance history, with room for an annual audit. */
export const REPORTS_RETENTION = Duration.days(400);
/** How long overwritten versions (findings records) stay, to reconstruct what orgmfa believed when. */
export const OLD_VERSIONS_RETENTION = Duration.days(30);
/** How long the state bucket's access logs stay. */
export const ACCESS_LOGS_RETENTION = Duration.days(400);

/** Protections both buckets share: private, encrypted at rest, TLS 1.2+ only, no ACLs, retained on stack deletion. */
const PRIVATE_BUCKET: s3.BucketProps = {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * The hub's state bucket: accounts' findings records (`findings/`), sweep working files (`sweeps/`,
 * expired after {@link SWEEP_FILES_RETENTION}) and sweep reports (`reports/`, kept
 * {@link REPORTS_RETENTION} for Athena or QuickSight). Versioned, so that a findings record overwritten
 * by mistake can be recovered; its server access logs go to a separate bucket.
 *
 * S3-managed encryption rather than KMS: the objects hold account ids, user names and control
 * statuses, never a seed, and S3 server access logs cannot be delivered to a KMS-encrypted bucket.
 */
export class StateBucket extends Construct {
  /** The state bucket. */
  readonly bucket: s3.Bucket;
  /** Where the state bucket's server access logs go. */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    // Without this flag CDK grants log delivery with the LogDeliveryWrite ACL, which a bucket without
    // ACLs (BucketOwnerEnforced) rejects; with it, with a bucket policy limited to the state bucket.
    // Set here, for this construct only, so the behaviour does not depend on cdk.json.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: ACCESS_LOGS_RETENTION }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This is the state bucket's access-log bucket: logging its own access would log each log delivery in turn, without end.",
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      bucketName: props.bucketName,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'state-bucket/',
      lifecycleRules: [
        {
          id: 'ExpireSweepFiles',
          prefix: STATE_PREFIXES.sweeps,
          expiration: SWEEP_FILES_RETENTION,
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'ExpireReports',
          prefix: STATE_PREFIXES.reports,
          expiration: REPORTS_RETENTION,
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'ExpireOldVersions',
          noncurrentVersionExpiration: OLD_VERSIONS_RETENTION,
          expiredObjectDeleteMarker: true,
          // The ResultWriter uploads in parts; an interrupted sweep must not leave parts billed forever.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
