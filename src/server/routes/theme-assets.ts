import { dsfrAsset } from '../assets.js';
import { prepare, responseCache, send } from '../responses.js';
import type { RouteModule } from './context.js';

const PREFIX = '/-/assets/dsfr/';

/**
 * The State design system's stylesheets, scripts, fonts and icons, when the operator installed its package
 * (see views/themes/dsfr-package.ts). The version is in the path, so files are cached for a year and the
 * stylesheets' relative `url(…)`s resolve as in the package.
 */
export const themeAssetRoutes: RouteModule = (app) => {
  app.get(`${PREFIX}:version/*`, (c) => {
    const version = c.req.param('version');
    const path = c.req.path.slice(PREFIX.length + version.length + 1);
    const key = `dsfr|${version}|${path}`;
    let prepared = responseCache.get(key);
    if (!prepared) {
      const asset = dsfrAsset(version, path);
      if (!asset) return c.notFound();
      prepared = prepare(200, asset.body, asset.type);
      responseCache.set(key, prepared);
    }
    return send(c, prepared, 'public, max-age=31536000, immutable');
  });
};
