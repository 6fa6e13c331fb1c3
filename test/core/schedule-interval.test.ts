import { scheduleIntervalMs } from '../../functions/core/schedule-interval';

describe('scheduleIntervalMs: the time between two runs of a schedule expression', () => {
  test.each([
    ['rate(1 minute)', 60_000],
    ['rate(30 minutes)', 1_800_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(6 hours)', 21_600_000],
    ['rate(1 day)', 86_400_000],
    ['rate(2 days)', 172_800_000],
  ])('%s → %i ms', (expression, expected) => {
    expect(scheduleIntervalMs(expression)).toBe(expected);
  });

  test.each(['cron(0 */6 * * ? *)', 'rate(6 weeks)', 'rate(hours)', ' rate(6 hours)'])(
    '%s has none',
    (expression) => {
      expect(scheduleIntervalMs(expression)).toBeUndefined();
    },
  );
});
