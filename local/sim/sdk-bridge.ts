import type { ClientScope, SdkClient } from '../../functions/aws/clients';
import { serviceNameOf } from './service-name';
import type { SimulatedAws } from './simulated-aws';

/**
 * Routes an SDK v3 client's calls to the simulation. The middleware sits at the start of the
 * `deserialize` step: the SDK still validates, serialises, signs and retries as against AWS (so a
 * simulated throttle is retried by the SDK's own strategy), and only the HTTP exchange is replaced.
 * Services get the client's region (Security Hub's product ARNs and S3 are regional). For S3 this
 * works whatever the client's checksum settings: request checksums are computed before this step
 * (harmlessly), and the response checksum validator, which runs after it, never sees a response;
 * a GetObject Body comes from the simulation already wrapped as the SDK would wrap it.
 */
export function attachSimulatedAws(sim: SimulatedAws, client: SdkClient): void {
  const service = serviceNameOf(client.config.serviceId);
  if (service === undefined) throw new Error(`the simulation has no ${client.config.serviceId}`);
  // A middleware stack is typed per client's input and output unions; this one passes any of them.
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: 'deserialize'; name: string; priority: 'high' }): void;
  };
  stack.add(
    (_next: unknown, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const credentials = await client.config.credentials();
        const region = await client.config.region();
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const output = await sim.call(service, operation, args.input, credentials, region);
        return {
          output: { ...output, $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } },
          response: {},
        };
      },
    { step: 'deserialize', name: 'orgmfaSimulatedAws', priority: 'high' },
  );
}

/** Decorator for {@link createAwsClients}: every client it makes talks to `sim`. */
export function simulatedClients(sim: SimulatedAws): (client: SdkClient, scope: ClientScope) => void {
  return (client) => attachSimulatedAws(sim, client);
}
