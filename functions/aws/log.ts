import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * The logging interface handlers are given: Powertools' Logger in Lambda (functions/aws/powertools.ts),
 * a collecting logger in the local runtime. Structured attributes only; a seed must never be passed in.
 */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
