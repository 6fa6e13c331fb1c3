/**
 * `npm run bench`: prints orgmfa's figures. These are measurements, not pass/fail tests.
 */
import { benchCliStartup } from './cli-startup';
import { benchOrphanFlood } from './orphan-flood';
import { benchOrphanPath } from './orphan-path';
import { benchProvisioningPath } from './provisioning-path';
import { benchCredentialReport } from './credential-report';
import { benchSweep } from './sweep';
import { benchAudit } from './audit';
import { benchReport } from './report';
import { benchSweepReport } from './sweep-report';

async function main(): Promise<void> {
  process.stdout.write(`orgmfa benchmarks (node ${process.version}, ${new Date().toISOString()})\n\n`);
  for (const bench of [
    benchOrphanPath,
    benchOrphanFlood,
    benchProvisioningPath,
    benchCredentialReport,
    benchSweep,
    benchAudit,
    benchReport,
    benchSweepReport,
    benchCliStartup,
  ])
    process.stdout.write(`${(await bench()).join('\n')}\n\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
