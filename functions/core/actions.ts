/**
 * What a workflow did, as its output lists it (and `orgmfa local run-event --json` prints it).
 * Only changes made to an account are actions; decisions not to act are outcomes with a reason.
 */
export type WorkflowAction =
  | { readonly type: 'DeleteVirtualMFADevice'; readonly accountId: string; readonly serialNumber: string }
  | {
      readonly type: 'ProvisionMfa';
      readonly accountId: string;
      readonly userName: string;
      readonly serialNumber: string;
      /** The SSM parameter holding the seed; the seed itself never appears in an action. */
      readonly parameterName: string;
    }
  | {
      readonly type: 'SkipProvisioning';
      readonly accountId: string;
      readonly userName: string;
      readonly reason: string;
    }
  | {
      readonly type: 'ImportFindings';
      readonly accountId: string;
      readonly userName: string;
      /** Findings newly reported failing, and findings resolved. */
      readonly new: number;
      readonly resolved: number;
    };

/** The result every action step of the event workflow returns (all keys present, for ResultSelector). */
export interface StepResult {
  readonly outcome: string;
  readonly reason: string | null;
  readonly actions: readonly WorkflowAction[];
}

/** One human-readable line for an action (the CLI's text output and the demo). */
export function describeAction(action: WorkflowAction): string {
  switch (action.type) {
    case 'DeleteVirtualMFADevice':
      return `DeleteVirtualMFADevice ${action.serialNumber} in ${action.accountId}`;
    case 'ProvisionMfa':
      return `ProvisionMfa ${action.serialNumber} for ${action.userName} in ${action.accountId}, seed in ${action.parameterName}`;
    case 'SkipProvisioning':
      return `SkipProvisioning ${action.userName} in ${action.accountId}: ${action.reason}`;
    case 'ImportFindings':
      return `ImportFindings for ${action.userName} in ${action.accountId}: ${action.new} new, ${action.resolved} resolved`;
  }
}
