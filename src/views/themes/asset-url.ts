import type { SiteView } from '../model.js';

/** Where pages ask for one of Feuillet's own assets; the version lets browsers keep it for a year. */
export function assetUrl(site: SiteView, name: string): string {
  return `${site.basePath}/-/assets/${name}?v=${site.assetsVersion}`;
}
