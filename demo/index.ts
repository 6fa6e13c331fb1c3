/**
 * `npm run demo`: orgmfa's three jobs on the simulated organization of examples/, as a timeline:
 * an orphaned MFA device deleted for the user who left it, MFA provisioned for a new user and the seed
 * collected once, and the sweep's findings, report and a finding resolved by an event. Everything runs
 * through the real `orgmfa` command, ASL and handlers. The state lives in a temporary folder that is
 * removed at the end, also when the demo fails or is interrupted (`--keep` keeps it, with the HTML
 * report, and says where).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { colourEnabled } from '../functions/core/report/terminal-text';
import { complianceStory } from './compliance-story';
import { DemoWorld } from './demo-world';
import { orphanStory } from './orphan-story';
import { provisioningStory } from './provisioning-story';

const keep = process.argv.slice(2).includes('--keep');
const dir = mkdtempSync(join(tmpdir(), 'orgmfa-demo-'));

function cleanUp(): void {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

// Interrupted (Ctrl-C, a terminated CI job): nothing is left behind either.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(code);
  });
}

/** Colours only when the demo's own output is a colour terminal (not piped, no NO_COLOR, no TERM=dumb). */
const colour = colourEnabled({ isTty: process.stdout.isTTY === true }, process.env);
// The commands the demo runs write to a pretend terminal (orgmfa seed shows a seed on a terminal only),
// so NO_COLOR is what keeps their escape sequences (the QR code's) out of a piped demo.
if (!colour) process.env.NO_COLOR = '1';

async function main(): Promise<void> {
  const world = new DemoWorld(dir);
  process.stdout.write(
    `orgmfa demo: the simulated organization of examples/organization.json (3 accounts, Security Hub CSPM on)\n`,
  );
  await orphanStory(world);
  await provisioningStory(world);
  await complianceStory(world, colour);
  process.stdout.write(
    keep
      ? `\nKept: ${dir} (organization.json is the state after the demo, report.html the sweep's report)\n`
      : '\nDone. The temporary folder is removed; run npm run demo -- --keep to keep it and open the HTML report.\n',
  );
}

main()
  .catch((error: Error) => {
    process.stderr.write(`demo failed: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(cleanUp);
