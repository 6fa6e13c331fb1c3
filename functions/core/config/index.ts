/** orgmfa's configuration: one schema for infra, the Lambda functions and the CLI. */
export * from './schema';
export * from './parse-config';
