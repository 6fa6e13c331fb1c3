import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Registers the cdk-nag rule packs orgmfa is held to. Findings fail synthesis unless acknowledged,
 * with a reason, on the construct that causes them (`Validations.of(construct).acknowledge`).
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
