/**
 * The tags that carry compliance facts on IAM users and virtual MFA devices. They are part of orgmfa's
 * contract with administrators (who set the exemption tags) and with provisioning and `orgmfa seed`
 * (which set the others), so every reader and writer takes the keys from here. The age of an unassigned
 * device is never a tag: orgmfa keeps it in its own record in the hub (functions/core/device-record.ts).
 */
export const COMPLIANCE_TAG_KEYS = {
  /** On a user: the reason it is exempt from MFA. An empty value is not an exemption. */
  exempt: 'orgmfa:exempt',
  /** On a user: the last day (UTC) the exemption holds, `YYYY-MM-DD` or an ISO 8601 timestamp. */
  exemptUntil: 'orgmfa:exempt-until',
  /** On a provisioned device: when its seed parameter expires (ISO 8601). */
  seedExpires: 'orgmfa:seed-expires',
  /** On a provisioned device: when the user collected the seed (ISO 8601). */
  seedCollected: 'orgmfa:seed-collected',
} as const;
