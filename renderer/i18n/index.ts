import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isBlockKind, type BlockSpec } from '../../engine';
import { koBlockTexts } from './blockTexts.ko';
import { en } from './en';
import { ko } from './ko';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'tensorloom.language';

/** The user's explicit choice first, then the OS/browser language, then English. */
export function preferredLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'ko') return stored;
  } catch {
    // storage may be blocked; fall through to the browser language
  }
  const langs = globalThis.navigator?.languages?.length ? globalThis.navigator.languages : [globalThis.navigator?.language ?? 'en'];
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ko') return 'ko';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: preferredLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this session
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** A block kind's display name in the current language; the registry's English label for any language but Korean. */
export function blockName(spec: Pick<BlockSpec, 'kind' | 'label'>, lang: string = i18n.language): string {
  if (lang === 'ko' && isBlockKind(spec.kind)) return koBlockTexts[spec.kind].name;
  return spec.label;
}
