import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * How long orgmfa keeps its function and workflow logs. They are the audit trail of what orgmfa did
 * in member accounts (which device it deleted, and why), so they outlive a quarterly review.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;
