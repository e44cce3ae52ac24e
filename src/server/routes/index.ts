import { accountRoutes } from './account.js';
import { adminRoutes } from './admin.js';
import { agendaRoutes } from './agenda.js';
import { archiveRoutes } from './archive.js';
import { authRoutes } from './auth.js';
import { editRoutes } from './edit.js';
import type { RouteModule } from './context.js';
import { gitHttpRoutes } from './git-http.js';
import { legalRoutes } from './legal.js';
import { reviewRoutes } from './review.js';
import { themeAssetRoutes } from './theme-assets.js';
import { feedRoutes } from './feeds.js';
import { fileOpsRoutes } from './file-ops.js';
import { healthRoutes } from './health.js';
import { historyRoutes } from './history.js';
import { searchRoutes } from './search.js';

/** Feuillet's own pages under `/-/`, one module per concern; add a module here to mount it. */
export const ROUTE_MODULES: RouteModule[] = [
  agendaRoutes,
  authRoutes,
  accountRoutes,
  adminRoutes,
  gitHttpRoutes,
  legalRoutes,
  reviewRoutes,
  editRoutes,
  archiveRoutes,
  themeAssetRoutes,
  // Feeds before history: `/-/history/PATH.atom` is a feed.
  feedRoutes,
  historyRoutes,
  searchRoutes,
  healthRoutes,
  fileOpsRoutes,
];
