/**
 * What a workflow did, as its output lists it (and `orgmfa local run-event --json` prints it).
 * Only changes made to an account are actions; decisions not to act are outcomes with a reason.
 */
export type WorkflowAction = {
  readonly type: 'DeleteVirtualMFADevice';
  readonly accountId: string;
  readonly serialNumber: string;
};

/** The result every action step of the event workflow returns (all keys present, for ResultSelector). */
export interface StepResult {
  readonly outcome: string;
  readonly reason: string | null;
  readonly actions: readonly WorkflowAction[];
}
