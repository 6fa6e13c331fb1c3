import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runAudit } from '../cli/audit/run-audit';
import { buildReport } from '../functions/core/report/report';
import { HUB_ROLE_NAMES, TRUSTED_HUB_ROLE_NAMES } from '../functions/core/naming';
import { createSimulation } from '../local/sim/create-simulation';
import { attachSimulatedAws } from '../local/sim/sdk-bridge';
import { VirtualClock } from '../local/sim/virtual-clock';
import { describeLatencyModel, LATENCY_MS } from './latency-model';
import { organization } from './synthetic-org';

const ACCOUNTS = 1_000;
const USERS = 100;
const CONCURRENCY = 32;

/** `orgmfa audit` over a simulated organization under the latency model. */
export async function benchAudit(): Promise<string[]> {
  const fixture = organization(ACCOUNTS, USERS);
  const clock = new VirtualClock(new Date('2026-11-21T09:00:00Z'));
  const sim = createSimulation(fixture, {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    clock: clock.now,
    faults: { latencyMs: (service) => LATENCY_MS[service] },
  });
  // The operator's credentials: a session in the management account that the member role trusts.
  const keys = sim.issueSession(fixture.managementAccountId, HUB_ROLE_NAMES.sweepAccount, 'operator');
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_SESSION_TOKEN: keys.sessionToken,
  });
  const config = join(mkdtempSync(join(tmpdir(), 'orgmfa-bench-')), 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      orgmfa: {
        organizationId: fixture.organizationId,
        managementAccountId: fixture.managementAccountId,
        hubRegion: 'us-east-1',
        targetOrganizationalUnitIds: ['r-a1b2'],
      },
    }),
  );
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const began = performance.now();
  try {
    const input = await runAudit(
      { config, output: 'json', concurrency: CONCURRENCY, region: 'us-east-1' },
      {
        stdin: process.stdin,
        stdout: sink,
        stderr: sink,
        now: clock.now,
        sleep: clock.sleep,
        decorateClient: (client) => attachSimulatedAws(sim, client),
      },
    );
    const seconds = (performance.now() - began) / 1000;
    const { summary } = buildReport(input);
    if (summary.accounts.assessed !== ACCOUNTS)
      throw new Error('the audit benchmark did not audit every account');
    const perAccount =
      sim.calls.filter((c) => c.accountId !== fixture.managementAccountId).length / (ACCOUNTS - 1);
    return [
      `orgmfa audit over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users (simulated), --concurrency ${CONCURRENCY}`,
      `  ${describeLatencyModel()}`,
      `  AWS calls: ${sim.calls.length} (${perAccount.toFixed(1)} in each member account whatever its users, plus the role assumption and orgmfa's device and findings records read from the management account; membership from ListAccounts' pages: ${sim.calls.filter((c) => c.service === 'organizations').length} Organizations calls, none per account)`,
      `  time: ${seconds.toFixed(1)} s here (credential report generation not slept); add IAM's few seconds per report, ${CONCURRENCY} at a time`,
      `  failing controls found: ${Object.entries(summary.failing.byControl)
        .filter(([, count]) => count > 0)
        .map(([control, count]) => `${control} ${count}`)
        .join(', ')}`,
    ];
  } finally {
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}
