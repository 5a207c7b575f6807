/**
 * zh-CN first, English on a switch. Strings are written in place as tr('中文', 'English'), so a
 * label reads in the code exactly as it prints on the official table.
 */
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  tr: (zh: string, en: string) => string;
  /** Picks the language from a { zh, en } message. */
  msg: (m: { zh: string; en: string } | undefined | null) => string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  return {
    lang,
    setLang,
    tr: (zh, en) => (lang === 'zh' ? zh : en),
    msg: (m) => (m ? (lang === 'zh' ? m.zh : m.en) : ''),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh', () => {}));
export const useI18n = () => useContext(I18nContext);

export function initialLang(): Lang {
  try {
    const s = localStorage.getItem('jixiao.lang');
    if (s === 'en' || s === 'zh') return s;
  } catch {
    /* storage unavailable */
  }
  return 'zh';
}
