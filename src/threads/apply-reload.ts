// Applies a reload plan (src/config/reload-plan.ts) to the running threads: destinations and what goes to them
// by the destination switch (writers first, then every producer, then the removed destinations retired), else
// parse-side rules through the config box and poller targets by a poller restart. Logs what was applied and
// names what needs a restart.
import type { Config } from '../config/schema/index.js';
import type { ReloadPlan } from '../config/reload-plan.js';
import { reloadedRoutes, type DestinationRoute } from '../destinations/routes.js';
import { switchDestinations, type DestinationSwitchDeps } from './destination-switch.js';

export interface ApplyReloadDeps {
  /** False while stopping or before the threads exist: only the parse side's config box is written. */
  live: boolean;
  /** The routes in force. */
  routes: DestinationRoute[];
  writerCount: number;
  switching: Omit<DestinationSwitchDeps, 'restartPoller'>;
  /** The new routes are in force from now on (threads started later get them). */
  routed: (routes: DestinationRoute[]) => void;
  restartPoller: (config: Config) => Promise<void>;
}

export async function applyReloadPlan(plan: ReloadPlan, deps: ApplyReloadDeps): Promise<ReloadPlan> {
  const { logger, configBox } = deps.switching;
  if (plan.destination.length > 0 && deps.live) {
    const routes = reloadedRoutes(plan.config, deps.writerCount, deps.routes);
    // A configuration too large for the parse workers' box is refused before anything changed.
    configBox.assertFits({ config: plan.config, routes });
    deps.routed(routes);
    await switchDestinations({ config: plan.config, routes }, { ...deps.switching, restartPoller: () => deps.restartPoller(plan.config) });
  } else {
    if (plan.parse.length > 0) configBox.write({ config: plan.config, routes: deps.routes });
    if (plan.poller.length > 0 && deps.live) await deps.restartPoller(plan.config);
  }
  if (plan.restart.length > 0) {
    logger.warn({ keys: plan.restart }, `Config reload: ${plan.restart.length} changed setting(s) take effect only after a restart; they keep their running values.`);
  }
  const applied = [...plan.parse, ...plan.poller, ...plan.destination];
  logger.info({ applied }, applied.length > 0 ? 'Configuration reloaded.' : 'Configuration reloaded: nothing to apply.');
  return plan;
}
