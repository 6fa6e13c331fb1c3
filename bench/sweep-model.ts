import type { RecordedCall } from '../local/runner/call-recorder';
import type { ServiceName } from '../local/sim/service-name';
import type { Pace } from '../functions/core/pacer';
import { LAMBDA_INVOKE_OVERHEAD_MS, LATENCY_MS } from './latency-model';

/**
 * The sweep's modelled AWS time, from the call graph of a real local run and the latency model, never
 * from wall-clock spans (which follow this machine's load): each account's calls are put in their
 * dependency order as they happened (a call depends on those that ended before it started), each call
 * weighs its service's modelled latency, and the accounts' critical paths are scheduled as Step
 * Functions would run them: batches in list order on the Map's concurrency, the role assumptions of a
 * child paced to its share of the STS budget, and each account's credential report built in the
 * modelled time IAM takes after the first pass asked for it.
 */

/** The longest chain of dependent calls, in modelled milliseconds (concurrent calls count once). */
export function criticalPathMs(calls: readonly RecordedCall[]): number {
  const sorted = [...calls].sort((a, b) => a.endedAt - b.endedAt);
  const depth: number[] = [];
  sorted.forEach((call, i) => {
    let before = 0;
    for (let j = 0; j < i; j++)
      if (sorted[j]!.endedAt <= call.startedAt) before = Math.max(before, depth[j]!);
    depth.push(before + LATENCY_MS[call.service as ServiceName]);
  });
  return Math.max(0, ...depth);
}

/** The member account a call served: its own account, or the account its S3 key or role ARN names. */
export function accountOf(call: RecordedCall, hubAccountId: string): string | undefined {
  if (call.accountId !== hubAccountId) return call.accountId;
  return /(?<![\d])(\d{12})(?![\d])/.exec(call.subject ?? '')?.[1];
}

/** Calls by the member account they served. */
export function callsByAccount(
  calls: readonly RecordedCall[],
  hubAccountId: string,
): Map<string, RecordedCall[]> {
  const byAccount = new Map<string, RecordedCall[]>();
  for (const call of calls) {
    const account = accountOf(call, hubAccountId);
    if (account === undefined) continue;
    const list = byAccount.get(account);
    if (list === undefined) byAccount.set(account, [call]);
    else list.push(call);
  }
  return byAccount;
}

/** One child execution in the model. */
interface Child {
  readonly start: number;
  readonly end: number;
}

/**
 * Runs `children` (each a function from its start time to its end time) in list order on `concurrency`
 * slots, each starting when a slot frees up; returns each child's span.
 */
export function schedule(
  children: readonly ((start: number) => number)[],
  concurrency: number,
  startAt: number,
): Child[] {
  const free = Array<number>(Math.min(concurrency, children.length)).fill(startAt);
  return children.map((run) => {
    let slot = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[slot]!) slot = i;
    const start = free[slot]!;
    const end = run(start);
    free[slot] = end;
    return { start, end };
  });
}

/** When the poll of a report IAM is still building finds it: the sweep's backoff, 1, 2, 4, 8 s… */
const POLLS_MS = [0, 1000, 3000, 7000, 15000, 23000, 31000, 39000];

/** The modelled wait for a report asked for at `requestedAt`, read at `readAt`, built in `buildMs`. */
export function reportWaitMs(requestedAt: number | undefined, readAt: number, buildMs: number): number {
  const ready = (requestedAt ?? readAt) + buildMs;
  if (ready <= readAt) return 0;
  return POLLS_MS.find((poll) => readAt + poll >= ready) ?? POLLS_MS.at(-1)!;
}

/** The modelled time of a paced run of `calls` calls whose own critical path is `pathMs`. */
export function pacedMs(calls: number, pathMs: number, pace: Pace): number {
  return Math.max(pathMs, (Math.max(0, calls - pace.burst) * 1000) / pace.perSecond);
}

/** One account of the model: its modelled work in each pass, from its calls. */
export interface ModelledAccount {
  readonly accountId: string;
  /** The first pass: the role assumption and the request of the report. */
  readonly reportsMs: number;
  /** The sweep proper, without waiting for the report. */
  readonly sweepMs: number;
  /** Whether it is swept at all (ACTIVE); a skipped account costs nothing. */
  readonly swept: boolean;
}

/** What the model needs of a sweep's plan. */
export interface ModelledPlan {
  readonly batchSize: number;
  readonly reports: { readonly concurrency: number; readonly assumeRolesPerSecond: number };
  readonly sweep: { readonly concurrency: number; readonly assumeRolesPerSecond: number };
  /** Accounts a first-pass child works on at once. */
  readonly reportsAtOnce: number;
  /** How long IAM takes to build a credential report. */
  readonly reportBuildMs: number;
}

/** The modelled passes: when each ended, every child's span, and the report waits that remained. */
export interface ModelledPasses {
  readonly reportsEnd: number;
  readonly sweepEnd: number;
  readonly reportChildren: Child[];
  readonly sweepChildren: Child[];
  /** Accounts whose report was not built yet when the sweep reached them, and the waiting in all. */
  readonly waits: { readonly accounts: number; readonly totalMs: number };
}

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/** Both Distributed Map passes over `accounts` (in list order), starting at `startAt`. */
export function modelPasses(
  accounts: readonly ModelledAccount[],
  plan: ModelledPlan,
  startAt: number,
): ModelledPasses {
  const batches = batchesOf(accounts, plan.batchSize);
  const requestedAt = new Map<string, number>();
  const reportChildren = schedule(
    batches.map((batch) => (start) => {
      // A few accounts at once, each role assumption waiting for the child's share of the STS budget.
      const slots = Array<number>(plan.reportsAtOnce).fill(start + LAMBDA_INVOKE_OVERHEAD_MS);
      let nextAssume = start + LAMBDA_INVOKE_OVERHEAD_MS;
      for (const account of batch.filter((a) => a.swept)) {
        const slot = slots.indexOf(Math.min(...slots));
        const begin = Math.max(slots[slot]!, nextAssume);
        nextAssume = begin + 1000 / plan.reports.assumeRolesPerSecond;
        slots[slot] = begin + account.reportsMs;
        requestedAt.set(account.accountId, slots[slot]!);
      }
      return Math.max(...slots);
    }),
    plan.reports.concurrency,
    startAt,
  );
  const reportsEnd = Math.max(startAt, ...reportChildren.map((c) => c.end));
  let waited = 0;
  let waitedMs = 0;
  const sweepChildren = schedule(
    batches.map((batch) => (start) => {
      let now = start + LAMBDA_INVOKE_OVERHEAD_MS;
      let nextAssume = now;
      for (const account of batch.filter((a) => a.swept)) {
        const begin = Math.max(now, nextAssume);
        nextAssume = begin + 1000 / plan.sweep.assumeRolesPerSecond;
        const wait = reportWaitMs(requestedAt.get(account.accountId), begin, plan.reportBuildMs);
        if (wait > 0) {
          waited++;
          waitedMs += wait;
        }
        now = begin + wait + account.sweepMs;
      }
      return now;
    }),
    plan.sweep.concurrency,
    reportsEnd,
  );
  return {
    reportsEnd,
    sweepEnd: Math.max(reportsEnd, ...sweepChildren.map((c) => c.end)),
    reportChildren,
    sweepChildren,
    waits: { accounts: waited, totalMs: waitedMs },
  };
}
