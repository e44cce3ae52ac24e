/** The terminal's language: English when the locale says so, French otherwise. */
export function terminalLang(env: NodeJS.ProcessEnv = process.env): 'fr' | 'en' {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(locale) ? 'en' : 'fr';
}
