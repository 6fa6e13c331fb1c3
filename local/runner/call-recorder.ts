import type { ClientScope, SdkClient } from '../../functions/aws/clients';

/** One AWS API request a workflow made (each retry attempt is its own request). */
export interface RecordedCall {
  readonly service: string;
  readonly operation: string;
  /** The account the call acted in. */
  readonly accountId: string;
  /**
   * What a hub-side call was about, when its input names it: the S3 key (`devices/<account>.json`,
   * `reports/…/<account>.csv`) or the role STS was asked for. Benchmarks attribute the hub's calls to
   * the member account they serve by it.
   */
  readonly subject?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error?: string;
}

/** An S3 key or a role ARN from a request's input. */
function subjectOf(input: Record<string, unknown> | undefined): string | undefined {
  const subject = input?.Key ?? input?.RoleArn;
  return typeof subject === 'string' ? subject : undefined;
}

/**
 * Records every request an SDK client sends, whichever backend answers it. The middleware sits at the
 * end of `finalizeRequest`, inside the SDK's retry loop, so each attempt counts, as AWS counts them.
 */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];

  /** A client decorator for {@link createAwsClients}. */
  readonly attach = (client: SdkClient, scope: ClientScope): void => {
    const service = client.config.serviceId.toLowerCase();
    const stack = client.middlewareStack as unknown as {
      add(middleware: unknown, options: { step: 'finalizeRequest'; name: string; priority: 'low' }): void;
    };
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const operation = (context.commandName ?? '').replace(/Command$/, '');
          const subject = subjectOf((args as { input?: Record<string, unknown> }).input);
          const startedAt = performance.now();
          const record = (error?: string) =>
            this.calls.push({
              service,
              operation,
              accountId: scope.accountId,
              ...(subject === undefined ? {} : { subject }),
              startedAt,
              endedAt: performance.now(),
              ...(error === undefined ? {} : { error }),
            });
          try {
            const result = await next(args);
            record();
            return result;
          } catch (error) {
            record(error instanceof Error ? error.name : 'Error');
            throw error;
          }
        },
      { step: 'finalizeRequest', name: 'orgmfaCallRecorder', priority: 'low' },
    );
  };

  /** The calls since the `from`-th, as the run reports list them (service, operation, account). */
  summarySince(from: number): { service: string; operation: string; accountId: string }[] {
    return this.calls
      .slice(from)
      .map(({ service, operation, accountId }) => ({ service, operation, accountId }));
  }

  /**
   * The number of calls on the critical path (of the calls since the `from`-th): the longest chain of
   * calls in which each starts after the previous one ended. Concurrent calls count once.
   */
  criticalPathLength(from = 0): number {
    const sorted = this.calls.slice(from).sort((a, b) => a.endedAt - b.endedAt);
    const depth: number[] = [];
    sorted.forEach((call, i) => {
      let best = 0;
      for (let j = 0; j < i; j++) if (sorted[j]!.endedAt < call.startedAt) best = Math.max(best, depth[j]!);
      depth.push(best + 1);
    });
    return Math.max(0, ...depth);
  }
}
