/** How long Security Hub CSPM keeps findings, as orgmfa's record and read-back depend on it. */

const DAY_MS = 86_400_000;

/**
 * Security Hub CSPM deletes an ARCHIVED finding 30 days after its last update ("Creating and updating
 * findings in Security Hub CSPM"; an ACTIVE one after 90 days without update).
 */
export const ARCHIVED_FINDING_RETENTION_MS = 30 * DAY_MS;

/**
 * How long orgmfa counts on Security Hub still holding a resolution it imported: the retention less a
 * day's margin, for clocks and for a sweep that runs just before the deletion. Past it, the record no
 * longer claims the archived finding (its `updatedAt` is dropped) and the read-back does not miss it.
 */
export const ARCHIVED_FINDING_KEPT_MS = ARCHIVED_FINDING_RETENTION_MS - DAY_MS;
