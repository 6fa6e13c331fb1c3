import type { Acknowledgment } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A role's permissions together with the cdk-nag acknowledgements their wildcards need, so that the
 * reason for a wildcard is written next to the statement that has it.
 */
export interface RolePermissions {
  readonly statements: readonly iam.PolicyStatement[];
  readonly acknowledgements: readonly Acknowledgment[];
}

/** Several permission sets as one; a statement two parts share (same JSON) is kept once. */
export function combinePermissions(...parts: readonly RolePermissions[]): RolePermissions {
  return {
    statements: [
      ...new Map(
        parts.flatMap((part) => part.statements).map((s) => [JSON.stringify(s.toStatementJson()), s]),
      ).values(),
    ],
    // Two parts may justify the same wildcard; cdk-nag needs one acknowledgement per finding.
    acknowledgements: [
      ...new Map(parts.flatMap((part) => part.acknowledgements).map((ack) => [ack.id, ack])).values(),
    ],
  };
}
