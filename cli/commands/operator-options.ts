import type { Command } from 'commander';

/**
 * The options every operator command takes (`audit`, `guardrail preview`, `orphans`): whose
 * credentials, where the STS and Organizations calls go, and the configuration, which says `configUse`
 * (the organization itself is learned from AWS, and a configuration of another one is refused).
 */
export function addOperatorOptions(command: Command, configUse: string): Command {
  return command
    .option('--profile <name>', 'operator profile in the management or delegated administrator account')
    .option(
      '--region <region>',
      "region of the STS and Organizations calls (default: AWS_REGION, the profile's, the hub's)",
    )
    .option(
      '--config <file>',
      `orgmfa configuration (cdk.json context shape): ${configUse}; refused when it names another organization`,
    );
}
