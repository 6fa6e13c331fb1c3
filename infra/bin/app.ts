#!/usr/bin/env node
/**
 * The CDK app: reads orgmfa's configuration from the context (cdk.json) and adds the hub and the
 * management account's member stack, checked by cdk-nag. Wiring only.
 */
import { App } from 'aws-cdk-lib';
import { CONFIG_CONTEXT_KEY, ConfigError, parseConfig, type OrgMfaConfig } from '../../functions/core/config';
import { addNagChecks } from '../nag-checks';
import { addOrgMfaStacks } from '../orgmfa-stacks';

const app = new App();
let config: OrgMfaConfig;
try {
  config = parseConfig({ [CONFIG_CONTEXT_KEY]: app.node.tryGetContext(CONFIG_CONTEXT_KEY) });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One line, no stack trace: the message names the key to fix in cdk.json.
  console.error(`orgmfa: invalid configuration: ${error.message}`);
  process.exit(1);
}
addOrgMfaStacks(app, config);
addNagChecks(app);
app.synth();
