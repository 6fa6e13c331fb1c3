/**
 * What a sweep costs, from the quantities a run measured and the model computed, at us-east-1 list
 * prices, and what AWS Config would cost for the same checks.
 */

import { scheduleIntervalMs } from '../functions/core/schedule-interval';

/** us-east-1 list prices. */
export const PRICE = {
  /** Step Functions Standard, per state transition (a Distributed Map bills one per child it starts). */
  standardTransition: 0.025 / 1000,
  /** Step Functions Express (the Map's children): per request, and per GB-second in 64 MB steps. */
  expressRequest: 1.0 / 1_000_000,
  expressGbSecond: 0.00001667,
  /** Lambda on ARM: per request, per GB-second. */
  lambdaRequest: 0.2 / 1_000_000,
  lambdaArmGbSecond: 0.0000133334,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  /** Security Hub CSPM finding ingestion, beyond 10,000 free per account and month. */
  securityHubFindingIngestion: 0.00003,
  /** CloudWatch Logs ingestion (the sweep workflow logs its execution data). */
  logsGb: 0.5,
  /** X-Ray, per trace recorded (every function and the workflow trace). */
  xrayTrace: 5 / 1_000_000,
};

/** Express children are billed for memory in 64 MB steps; a child that only invokes a Lambda uses the first. */
export const EXPRESS_GB = 64 / 1024;

/**
 * AWS Config's rule evaluations, per region, tiered over the whole organization's monthly count
 * (consolidated billing adds the accounts up): https://aws.amazon.com/config/pricing/
 */
export const CONFIG_RULE_TIERS: readonly { readonly upTo: number; readonly price: number }[] = [
  { upTo: 100_000, price: 0.001 },
  { upTo: 500_000, price: 0.0008 },
  { upTo: Number.POSITIVE_INFINITY, price: 0.0005 },
];

/** Dollars for `evaluations` Config rule evaluations in a month, tier by tier. */
export function configRulesCost(evaluations: number): number {
  let cost = 0;
  let counted = 0;
  for (const tier of CONFIG_RULE_TIERS) {
    const inTier = Math.max(0, Math.min(evaluations, tier.upTo) - counted);
    cost += inTier * tier.price;
    counted += inTier;
  }
  return cost;
}

/** How many sweeps a schedule runs in a (30-day) month; undefined for a cron expression. */
export function sweepsPerMonth(schedule: string): number | undefined {
  const interval = scheduleIntervalMs(schedule);
  return interval === undefined ? undefined : (30 * 86_400_000) / interval;
}

/** What a sweep used, for its cost. */
export interface SweepQuantities {
  readonly parentTransitions: number;
  readonly children: number;
  /** Each child's modelled duration, in milliseconds (Express rounds up to 100 ms). */
  readonly childMs: readonly number[];
  /** Lambda invocations and modelled GB-seconds at the deployed memory sizes. */
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly s3Puts: number;
  readonly s3Gets: number;
  /** Findings imported per account this month beyond which Security Hub CSPM bills. */
  readonly findingsImportedPerAccount: number;
  readonly accounts: number;
  readonly executionDataBytes: number;
}

/** Dollars for one sweep, by service. */
export function sweepCost(q: SweepQuantities) {
  const expressGbSeconds = q.childMs.reduce((sum, ms) => sum + (Math.ceil(ms / 100) / 10) * EXPRESS_GB, 0);
  const stepFunctions =
    q.parentTransitions * PRICE.standardTransition +
    q.children * PRICE.expressRequest +
    expressGbSeconds * PRICE.expressGbSecond;
  const lambda = q.lambdaInvocations * PRICE.lambdaRequest + q.lambdaGbSeconds * PRICE.lambdaArmGbSecond;
  const s3 = q.s3Puts * PRICE.s3Put + q.s3Gets * PRICE.s3Get;
  const securityHub =
    Math.max(0, q.findingsImportedPerAccount - 10_000) * q.accounts * PRICE.securityHubFindingIngestion;
  const logs = (q.executionDataBytes / 1024 ** 3) * PRICE.logsGb;
  const xray = (q.lambdaInvocations + 1) * PRICE.xrayTrace;
  const parts = { stepFunctions, lambda, s3, securityHub, logs, xray };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0), expressGbSeconds };
}
