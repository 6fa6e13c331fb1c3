import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The logging interface handlers are given: Powertools' Logger in Lambda, a collecting logger in the
 * local runtime. Structured attributes only; a seed must never be passed in.
 */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** The Lambda functions' logger, configured once per execution environment. */
export const lambdaLogger: Log = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'orgmfa' });
