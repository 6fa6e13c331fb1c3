import { Option, type Command } from 'commander';

/** The options every `orgmfa local` command takes to choose where it runs. */
export interface LocalBackendOptions {
  org?: string;
  stateOut?: string;
  config?: string;
  backend: 'sim' | 'aws';
  json?: boolean;
  verbose?: boolean;
}

/** Adds the backend options (`--org`, `--state-out`, `--config`, `--backend`, `--json`, `--verbose`). */
export function addLocalOptions(command: Command): Command {
  return command
    .option('--org <org.json>', 'the simulated organization (required with --backend sim)')
    .option('--state-out <file>', 'write the simulated AWS state after the run, in the --org format')
    .option(
      '--config <file>',
      "configuration (cdk.json context shape); default: every default, for the --org fixture's organization",
    )
    .addOption(
      new Option('--backend <backend>', 'sim: the simulated organization; aws: real SDK clients')
        .choices(['sim', 'aws'])
        .default('sim'),
    )
    .option('--json', 'print one JSON object (the documented contract)')
    .option('--verbose', "print the handlers' log lines to stderr");
}

// Lazy: the configuration schema, the simulation, the workflow runner and the SDK clients load only
// when a command runs (see cli/main.ts).
/** The implementation of the `local` commands. */
export function loadLocalBackend(): typeof import('../local-backend') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../local-backend');
}
