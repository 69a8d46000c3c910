/**
 * The desktop app's own words — its dialogs, the menu items it adds, the labels of Electron's roles, the menus
 * before the page has described its own — exist in Korean for every English text, and a Korean menu built
 * before the page speaks has no English label.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { mainText, type MainText } from '../../../app/dialogText';
import { buildMenuTemplate } from '../../../app/menu';

const versions = { electron: '1', chrome: '2', node: '3' };

/** Every text of a MainText, functions called with sample values, by its path. */
function texts(t: MainText): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') out.set(at, value);
    else if (typeof value === 'function') out.set(at, (value as (...args: unknown[]) => string)(at === 'aboutDetail' ? versions : 'reason', 'libraries', 'datasets'));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k);
  };
  walk(t, '');
  return out;
}

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.label === undefined ? [] : [i.label]), ...labels((i.submenu ?? []) as MenuItemConstructorOptions[])]);
}

function koreanMenu(isMac: boolean, isDev: boolean): MenuItemConstructorOptions[] {
  const none = () => undefined;
  return buildMenuTemplate({ isMac, isDev, recentFiles: [], description: null, send: none, nativeClipboard: none, onNew: none, onClearRecent: none, text: mainText('ko'), onOpenLogs: none, onAbout: none });
}

describe('the desktop app’s own words', () => {
  it('has a Korean text, different from the English one, for every English text', () => {
    const en = texts(mainText('en'));
    const ko = texts(mainText('ko'));
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
    expect([...en].filter(([k, v]) => ko.get(k) === v || !/[가-힣]/.test(ko.get(k) ?? '')).map(([k]) => k)).toEqual([]);
  });

  it('labels every item of a Korean menu in Korean before the page has described its own, on every platform', () => {
    for (const isMac of [false, true]) {
      for (const isDev of [false, true]) {
        const all = labels(koreanMenu(isMac, isDev));
        expect(all.length).toBeGreaterThan(isDev ? 14 : 11);
        expect(all.filter((l) => !/[가-힣]/.test(l))).toEqual([]);
      }
    }
  });
});
