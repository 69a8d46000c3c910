import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuOptions } from '../../../app/menu';
import type { MenuCommand } from '../../../renderer/platform/types';

function setup(overrides: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  let newCount = 0;
  const template = buildMenuTemplate({
    isMac: false,
    isDev: false,
    recentFiles: [],
    send: (c) => sent.push(c),
    onNew: () => newCount++,
    onClearRecent: () => undefined,
    ...overrides,
  });
  return { template, sent, newCount: () => newCount };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items.find((i) => i.label === label || i.role === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('native menu', () => {
  it('sends File commands to the page, and New also forgets the current file', () => {
    const { template, sent, newCount } = setup();
    const file = submenu(find(template, '&File'));
    for (const label of ['New', 'Open…', 'Save', 'Save As…', 'Save Graph Only…', 'Load Weights From…']) click(find(file, label));
    expect(sent).toEqual([{ type: 'new' }, { type: 'open' }, { type: 'save' }, { type: 'saveAs' }, { type: 'saveGraphOnly' }, { type: 'loadWeights' }]);
    expect(newCount()).toBe(1);
    expect(find(file, 'quit')).toBeTruthy();
  });

  it('lists recent files and reopens them by id', () => {
    const { template, sent } = setup({ recentFiles: [{ id: 'abc', name: 'Q&A.tlgraph.json', folder: '/home/me' }] });
    const recent = submenu(find(submenu(find(template, '&File')), 'Open Recent'));
    expect(recent[0].label).toBe('Q&&A.tlgraph.json');
    click(recent[0]);
    expect(sent).toEqual([{ type: 'openRecent', id: 'abc' }]);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => submenu(find(setup({ isDev }).template, '&View')).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('leaves undo and redo keys to the page', () => {
    const edit = submenu(find(setup().template, '&Edit'));
    expect(find(edit, 'undo').registerAccelerator).toBe(false);
    expect(find(edit, 'redo').registerAccelerator).toBe(false);
  });

  it('has Help ▸ About the Data', () => {
    const { template, sent } = setup();
    click(find(submenu(find(template, 'help')), 'About the Data'));
    expect(sent).toEqual([{ type: 'aboutData' }]);
  });
});
