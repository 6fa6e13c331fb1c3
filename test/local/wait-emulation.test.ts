import { runWorkflow } from '../../local/runner/workflow-runner';
import { VirtualClock } from '../../local/sim/virtual-clock';

const START = new Date('2026-11-21T09:00:00Z');

/** A Pass, a Wait of the given kind, and a Task that reports the time it ran at. */
function definition(wait: Record<string, unknown>) {
  return {
    StartAt: 'Before',
    States: {
      Before: { Type: 'Pass', Next: 'Pause' },
      Pause: { Type: 'Wait', ...wait, Next: 'After' },
      After: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: {
          FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:clock',
          'Payload.$': '$',
        },
        ResultSelector: { 'ranAt.$': '$.Payload' },
        End: true,
      },
    },
  };
}

async function run(wait: Record<string, unknown>, input: unknown = {}) {
  const clock = new VirtualClock(START);
  const began = Date.now();
  const execution = await runWorkflow(definition(wait), input, {
    functions: { 'arn:aws:lambda:us-east-1:111111111111:function:clock': () => clock.now().toISOString() },
    clock,
  });
  return { execution, clock, realMs: Date.now() - began };
}

describe('Wait states in a local run move the virtual clock instead of waiting', () => {
  test.each([
    ['Seconds', { Seconds: 900 }, {}],
    ['SecondsPath', { SecondsPath: '$.pause' }, { pause: 900 }],
    ['Timestamp', { Timestamp: '2026-11-21T09:15:00Z' }, {}],
    [
      'TimestampPath',
      { TimestampPath: '$.device.waitUntil' },
      { device: { waitUntil: '2026-11-21T09:15:00.000Z' } },
    ],
  ])(
    '%s: the next state runs 15 virtual minutes later, at once, and the Wait is billed once',
    async (_, wait, input) => {
      const { execution, clock, realMs } = await run(wait, input);

      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { ranAt: '2026-11-21T09:15:00.000Z' } });
      expect(clock.now()).toEqual(new Date('2026-11-21T09:15:00Z'));
      expect(execution.stateTransitions).toBe(3);
      expect(realMs).toBeLessThan(10_000);
    },
  );

  test('the state input passes through the Wait unchanged', async () => {
    const input = { device: { waitUntil: '2026-11-21T09:15:00.000Z', round: 1 } };
    const { execution } = await run({ TimestampPath: '$.device.waitUntil' }, input);
    const entered = execution.history.find((e) => e.type === 'StateEntered' && e.state.name === 'After');

    expect(entered && 'state' in entered ? entered.state.input : undefined).toEqual(input);
  });

  test('a timestamp in the past does not move the clock back', async () => {
    const { clock } = await run({ Timestamp: '2026-11-21T08:00:00Z' });
    expect(clock.now()).toEqual(START);
  });

  test('a TimestampPath that is not a timestamp fails the execution as States.Runtime', async () => {
    const { execution } = await run({ TimestampPath: '$.when' }, { when: 'soon' });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('a Wait with InputPath is refused rather than emulated differently', async () => {
    await expect(run({ Seconds: 1, InputPath: '$.x' })).rejects.toThrow(
      'state Pause: the local runner does not emulate a Wait with InputPath or OutputPath',
    );
  });
});

describe('VirtualClock.schedule: what happens while something waits', () => {
  test('actions run in time order, each at its time, during the sleep that passes it', async () => {
    const clock = new VirtualClock(START);
    const seen: string[] = [];
    clock.schedule(new Date('2026-11-21T09:10:00Z'), () => void seen.push(`b ${clock.now().toISOString()}`));
    clock.schedule(new Date('2026-11-21T09:05:00Z'), () => void seen.push(`a ${clock.now().toISOString()}`));
    clock.schedule(new Date('2026-11-21T09:30:00Z'), () => void seen.push('c'));

    await clock.sleep(15 * 60_000);

    expect(seen).toEqual(['a 2026-11-21T09:05:00.000Z', 'b 2026-11-21T09:10:00.000Z']);
    expect(clock.now()).toEqual(new Date('2026-11-21T09:15:00Z'));
    await clock.sleep(20 * 60_000);
    expect(seen).toEqual(['a 2026-11-21T09:05:00.000Z', 'b 2026-11-21T09:10:00.000Z', 'c']);
  });
});
