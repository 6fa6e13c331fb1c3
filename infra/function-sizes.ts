import type { HUB_FUNCTIONS, SWEEP_FUNCTIONS } from '../functions/core/naming';

/** A hub function's Lambda timeout and memory. */
export interface FunctionSize {
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/**
 * Every hub function's timeout and memory, by the workflow substitution that names it: one table for
 * the hub stack (what deploys), the workflows' Task timeouts (each a little longer than its function's,
 * a test checks) and the benchmarks' cost model (GB-seconds at the deployed sizes).
 */
export const FUNCTION_SIZES: Readonly<
  Record<keyof typeof HUB_FUNCTIONS | keyof typeof SWEEP_FUNCTIONS, FunctionSize>
> = {
  ParseEventFunctionArn: { timeoutSeconds: 30, memoryMb: 256 },
  CleanUpOrphanFunctionArn: { timeoutSeconds: 30, memoryMb: 256 },
  // Enabling may wait for the next 30 s TOTP window once; a failure's undo and, with
  // deleteUserOnFailure, the user's removal retry each step for up to 7 s after the SDK's retries.
  ProvisionMfaFunctionArn: { timeoutSeconds: 120, memoryMb: 256 },
  // A conditional-write conflict with a concurrent sweep re-reads and re-imports.
  EvaluateUserFunctionArn: { timeoutSeconds: 60, memoryMb: 256 },
  // Lists until a minute is left, saves its progress, and the workflow calls it again.
  ListAccountsFunctionArn: { timeoutSeconds: 300, memoryMb: 256 },
  // A batch of accounts, one after the other; its EXPRESS child execution may last 5 minutes in all.
  // Memory: room for the credential report and authorization details of a 10,000-user account.
  SweepAccountFunctionArn: { timeoutSeconds: 270, memoryMb: 512 },
  // The organization's report holds every active finding at once (160,000 at 10,000 accounts ×
  // 50 users): measured locally in bench/sweep-report.ts, with room to spare.
  SummarizeSweepFunctionArn: { timeoutSeconds: 300, memoryMb: 1024 },
};

/** How much longer a workflow Task waits than its function may run, before it times out. */
export const TASK_TIMEOUT_MARGIN_SECONDS = 10;
