/** Languages the command line and the spec errors are written in. */
export type Lang = 'en' | 'zh';

/**
 * Picks the language the way POSIX tools do: the first non-empty of LC_ALL, LC_MESSAGES and LANG decides, and
 * any value starting with `zh` (zh_CN.UTF-8, zh_TW, zh) means Chinese. Everything else is English.
 */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Text in both languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}
