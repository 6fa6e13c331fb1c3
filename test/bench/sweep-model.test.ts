import { configRulesCost } from '../../bench/sweep-cost';
import { criticalPathMs, modelPasses, type ModelledAccount } from '../../bench/sweep-model';
import type { RecordedCall } from '../../local/runner/call-recorder';

/**
 * The benchmark's model, on vectors computed by hand from the latency model it states (iam 60 ms,
 * sts 50, organizations 40, s3 20 per call; 30 ms per Lambda invocation) and Config's price tiers.
 */

const call = (service: string, startedAt: number, endedAt: number): RecordedCall => ({
  service,
  operation: 'Any',
  accountId: '222222222222',
  startedAt,
  endedAt,
});

describe('criticalPathMs: the longest chain of dependent calls, in modelled milliseconds', () => {
  test.each<[string, RecordedCall[], number]>([
    ['no calls', [], 0],
    [
      'one after the other: 50 + 60 + 60',
      [call('sts', 0, 10), call('iam', 10, 20), call('iam', 20, 30)],
      170,
    ],
    [
      'two at once, then one: max(40, 50) + 60',
      [call('organizations', 0, 10), call('sts', 0, 10), call('iam', 10, 20)],
      110,
    ],
    [
      'a long call beside a chain counts on its own: max(20, 60 + 50)',
      [call('s3', 0, 100), call('iam', 5, 10), call('sts', 50, 60)],
      110,
    ],
    [
      'a call that starts before another ends does not follow it: max(60, 50)',
      [call('iam', 0, 10), call('sts', 9, 20)],
      60,
    ],
  ])('%s → %i ms', (_case, calls, expected) => {
    expect(criticalPathMs(calls)).toBe(expected);
  });
});

describe("configRulesCost: AWS Config's tiered price per rule evaluation", () => {
  test.each([
    [0, 0],
    [50_000, 50],
    [100_000, 100],
    // 100,000 at $0.001, then 100,000 at $0.0008
    [200_000, 180],
    // 100,000 at $0.001, 400,000 at $0.0008, 500,000 at $0.0005
    [1_000_000, 670],
  ])('%i evaluations → $%d', (evaluations, dollars) => {
    expect(configRulesCost(evaluations)).toBeCloseTo(dollars, 9);
  });
});

describe('modelPasses: the two Distributed Map passes, scheduled as Step Functions would run them', () => {
  const accounts: ModelledAccount[] = [
    { accountId: 'A', reportsMs: 100, sweepMs: 200, swept: true },
    { accountId: 'B', reportsMs: 100, sweepMs: 300, swept: true },
    { accountId: 'C', reportsMs: 100, sweepMs: 100, swept: false },
  ];
  const plan = (concurrency: number) => ({
    batchSize: 2,
    reports: { concurrency, assumeRolesPerSecond: 10 },
    sweep: { concurrency, assumeRolesPerSecond: 10 },
    reportsAtOnce: 1,
    reportBuildMs: 1000,
  });

  test('one child at a time: batches in order, role assumptions 100 ms apart, a report still building waited for', () => {
    // First pass: batch [A, B] from 0: invoke 30; A 30→130 (asked at 130), B 130→230 (asked at 230);
    // batch [C] from 230: invoke only, 260. Sweep from 260: A at 290 finds its report ready at 1130,
    // polls after 1 s (1290 ≥ 1130), then 200 ms: 1490; B at 1490 (ready at 1230): 300 ms, 1790;
    // batch [C]: invoke only, 1820.
    expect(modelPasses(accounts, plan(1), 0)).toEqual({
      reportsEnd: 260,
      sweepEnd: 1820,
      reportChildren: [
        { start: 0, end: 230 },
        { start: 230, end: 260 },
      ],
      sweepChildren: [
        { start: 260, end: 1790 },
        { start: 1790, end: 1820 },
      ],
      waits: { accounts: 1, totalMs: 1000 },
    });
  });

  test('two children at once: both batches start together; the sweep starts when the first pass ends', () => {
    // First pass: [A, B] 0→230, [C] 0→30. Sweep from 230: A at 260 waits 1 s (ready at 1130), 1460;
    // B at 1460: 1760. [C] 230→260.
    expect(modelPasses(accounts, plan(2), 0)).toMatchObject({
      reportsEnd: 230,
      sweepEnd: 1760,
      sweepChildren: [
        { start: 230, end: 1760 },
        { start: 230, end: 260 },
      ],
      waits: { accounts: 1, totalMs: 1000 },
    });
  });
});
