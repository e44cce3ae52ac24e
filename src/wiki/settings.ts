/** The accessibility status a French public website must display (RGAA). */
export type AccessibilityStatus = 'non' | 'partiellement' | 'totalement';

/** The wiki settings Feuillet reads from `.feuillet.yml` at the wiki root (they travel with the content). */
export interface SiteSettings {
  name: string;
  title: string;
  language: 'fr' | 'en';
  licence?: { name: string; url?: string };
  publicUrl?: string;
  oldUrls: string[];
  listAddress: string;
  subjectPrefix: string;
  accessibility: AccessibilityStatus;
}

export function defaultSiteSettings(name: string): SiteSettings {
  return {
    name,
    title: name,
    language: 'fr',
    oldUrls: [],
    listAddress: `${name}@localhost`,
    subjectPrefix: name,
    accessibility: 'non',
  };
}
