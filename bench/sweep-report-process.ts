/**
 * The SummarizeSweep benchmark's own process (spawned by benchSweepReport with a capped heap): prints
 * its figures, one per line.
 */
import { measureSweepReport } from './sweep-report';

measureSweepReport()
  .then((lines) => process.stdout.write(`${lines.join('\n')}\n`))
  .catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
