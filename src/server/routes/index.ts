import { agendaRoutes } from './agenda.js';
import type { RouteModule } from './context.js';
import { legalRoutes } from './legal.js';
import { themeAssetRoutes } from './theme-assets.js';

/** Feuillet's own pages under `/-/`, one module per concern; add a module here to mount it. */
export const ROUTE_MODULES: RouteModule[] = [
  agendaRoutes,
  legalRoutes,
  themeAssetRoutes,
];
