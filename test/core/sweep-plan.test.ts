import { DEFAULT_COMPLIANCE } from '../../functions/core/config';
import { sweepPlan } from '../../functions/core/sweep-plan';

describe('sweepPlan', () => {
  test('both passes share the STS budget among the children that run at once, so that together they stay within it', () => {
    for (const budget of [1, 30, 300, 500])
      for (const concurrency of [1, 10, 100, 1000]) {
        const plan = sweepPlan({
          ...DEFAULT_COMPLIANCE,
          sweepAssumeRolesPerSecond: budget,
          sweepConcurrency: concurrency,
        });
        for (const pass of [plan.reports, plan.sweep]) {
          expect(pass.concurrency * pass.assumeRolesPerSecond).toBeCloseTo(budget, 6);
          expect(pass.batchSize).toBe(DEFAULT_COMPLIANCE.sweepBatchSize);
        }
        expect(plan.reports.concurrency).toBeLessThanOrEqual(plan.sweep.concurrency);
      }
  });

  test('the first pass needs few children: about 20 report requests per second each', () => {
    expect(sweepPlan({ ...DEFAULT_COMPLIANCE, sweepAssumeRolesPerSecond: 300 }).reports.concurrency).toBe(15);
    expect(sweepPlan({ ...DEFAULT_COMPLIANCE, sweepAssumeRolesPerSecond: 10 }).reports.concurrency).toBe(1);
    expect(
      sweepPlan({ ...DEFAULT_COMPLIANCE, sweepAssumeRolesPerSecond: 500, sweepConcurrency: 5 }).reports
        .concurrency,
    ).toBe(5);
  });
});
