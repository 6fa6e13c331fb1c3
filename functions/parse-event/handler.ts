import { lambdaHandler, powertools } from '../aws/powertools';
import { settingsFromEnv } from '../aws/settings-from-env';
import { parseEvent } from './parse-event';

// Built once per execution environment and reused across invocations.
const settings = settingsFromEnv();

/** Lambda entry point of the event workflow's `ParseEvent` state. */
export const handler = lambdaHandler((event) => parseEvent({ settings, log: powertools.logger }, event));
