import type { EventRoute } from '../core/route';
import { routeEvent } from '../core/route';
import type { HubSettings } from '../core/settings';
import type { Log } from '../aws/log';

/** What `ParseEvent` needs: the hub's settings and a logger. It makes no AWS calls. */
export interface ParseEventDeps {
  readonly settings: HubSettings;
  readonly log: Log;
}

/** Validates and routes one forwarded event; a rejection is logged with its reason and returned. */
export function parseEvent(deps: ParseEventDeps, event: unknown): EventRoute {
  const route = routeEvent(event, deps.settings.partition);
  if (route.route === 'Reject') {
    deps.log.warn('event rejected', { accountId: route.accountId, reason: route.reason });
  } else {
    deps.log.info('event routed', { route: route.route, accountId: route.accountId });
  }
  return route;
}
