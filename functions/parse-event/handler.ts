import { lambdaLogger } from '../aws/log';
import { settingsFromEnv } from '../aws/settings-from-env';
import { parseEvent } from './parse-event';

const settings = settingsFromEnv();

/** Lambda entry point of the event workflow's `ParseEvent` state. */
export const handler = (event: unknown) => parseEvent({ settings, log: lambdaLogger }, event);
