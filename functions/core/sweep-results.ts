/** What a sweep produces: each account's result (the Distributed Map's items' output) and the summary. */

/** One account's sweep result, as the Distributed Map collects it. */
export type AccountSweepResult =
  | {
      readonly accountId: string;
      readonly status: 'SUCCEEDED';
      readonly usersEvaluated: number;
      readonly orphansDeleted: number;
      readonly findings: { readonly new: number; readonly resolved: number; readonly active: number };
    }
  | { readonly accountId: string; readonly status: 'FAILED'; readonly reason: string };

/** The sweep's summary: the workflow's output, the `orgmfa local sweep --json` contract's core. */
export interface SweepSummary {
  readonly sweepId: string;
  readonly accounts: {
    readonly total: number;
    readonly succeeded: number;
    readonly failed: readonly { readonly accountId: string; readonly reason: string }[];
  };
  readonly usersEvaluated: number;
  readonly orphansDeleted: number;
  readonly findings: { readonly imported: number; readonly resolved: number; readonly active: number };
  /** Where the report is: one JSON-lines and one CSV object per account under this prefix. */
  readonly report: { readonly bucket: string; readonly prefix: string };
}
