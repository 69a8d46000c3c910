/**
 * The fonts the app ships (renderer/main.tsx imports them; Vite bundles their woff2 files into dist/web, which the
 * desktop package carries), with what their licences ask to be credited. The SIL Open Font License travels with
 * the font as `licences/noto-sans-kr-OFL.txt` next to the page.
 */
export interface FontCredit {
  name: string;
  /** The npm package the files come from. */
  package: string;
  /** i18n key of where it comes from, in the UI language. */
  sourceKey: string;
  copyright: string;
  licence: string;
  /** The licence's full text, relative to the page. */
  licenceFile: string;
}

export const BUNDLED_FONTS: readonly FontCredit[] = [
  {
    name: 'Noto Sans KR',
    package: '@fontsource-variable/noto-sans-kr',
    sourceKey: 'studio.about.fontSource',
    copyright: '© Google Inc.',
    licence: 'SIL Open Font License 1.1',
    licenceFile: 'licences/noto-sans-kr-OFL.txt',
  },
];
