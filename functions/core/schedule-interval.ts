const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The time between two runs of an EventBridge Scheduler expression, in milliseconds: known for a
 * `rate(<n> <unit>)` expression, undefined for a `cron(…)` one (its runs need not be evenly spaced).
 */
export function scheduleIntervalMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (match === null) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
