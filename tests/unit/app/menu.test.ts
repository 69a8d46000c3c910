import { afterAll, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, isAccelerator, parseMenuDescription, type MenuOptions } from '../../../app/menu';
import { mainText } from '../../../app/dialogText';
import type { MenuCommand, NativeMenuDescription } from '../../../app/ipc/contract';
import { getCommand, shortcutsOf } from '../../../renderer/commands/commands';
import { describeNativeMenu, nativeMenuCommandIds } from '../../../renderer/commands/nativeMenu';
import { toElectronAccelerator, type KeyPlatform } from '../../../renderer/commands/shortcut';
import { setLanguage } from '../../../renderer/i18n';

function setup(overrides: Partial<MenuOptions> = {}) {
  const events: string[] = [];
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({
    isMac: false,
    isDev: false,
    recentFiles: [],
    description: describeNativeMenu('other'),
    send: (c) => {
      sent.push(c);
      events.push(c.type === 'run' ? `run ${c.commandId}` : `openRecent ${c.fileId}`);
    },
    nativeClipboard: (action) => events.push(`native ${action}`),
    onNew: () => events.push('forget file'),
    onClearRecent: () => events.push('clear recent'),
    text: mainText('en'),
    onOpenLogs: () => events.push('open logs'),
    onAbout: () => events.push('about'),
    ...overrides,
  });
  return { template, sent, events };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function all(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...all(submenu(i))]);
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items.find((i) => i.label === label || i.role === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('native menu built from the page’s command list', () => {
  afterAll(() => setLanguage('en'));

  for (const platform of ['other', 'mac'] as KeyPlatform[]) {
    it(`has an item for every menu command with its accelerator (${platform === 'mac' ? 'macOS' : 'Linux and Windows'})`, () => {
      const parsed = parseMenuDescription(JSON.parse(JSON.stringify(describeNativeMenu(platform))));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const sent: MenuCommand[] = [];
      const template = buildMenuTemplate({
        isMac: platform === 'mac',
        isDev: false,
        recentFiles: [],
        description: parsed.value,
        send: (c) => sent.push(c),
        nativeClipboard: () => undefined,
        onNew: () => undefined,
        onClearRecent: () => undefined,
        text: mainText('en'),
        onOpenLogs: () => undefined,
        onAbout: () => undefined,
      });
      const byCommand = new Map<string, MenuItemConstructorOptions>();
      for (const item of all(template)) {
        if (typeof item.click !== 'function') continue;
        sent.length = 0;
        click(item);
        const [command] = sent;
        if (command?.type === 'run') byCommand.set(command.commandId, item);
      }

      const ids = nativeMenuCommandIds();
      expect(ids.length).toBeGreaterThan(15);
      expect([...byCommand.keys()].sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const item = byCommand.get(id)!;
        const shortcut = shortcutsOf(id, platform)[0];
        expect(item.accelerator, id).toBe(shortcut ? toElectronAccelerator(shortcut, platform) : undefined);
        // A bare key (Delete, Backspace) stays the page's, so typing in a field keeps it.
        if (shortcut) expect(item.registerAccelerator, id).toBe(shortcut.includes('+'));
        expect(item.label, id).toBeTruthy();
        const checked = getCommand(id).checkedWhen;
        expect(item.type === 'checkbox' || item.type === 'radio', id).toBe(checked !== undefined);
      }
      expect(byCommand.get('edit.group')?.accelerator).toBe(platform === 'mac' ? 'Cmd+G' : 'Ctrl+G');
      expect(byCommand.get('edit.delete')?.accelerator).toBe(platform === 'mac' ? 'Backspace' : 'Delete');
      expect(byCommand.get('edit.delete')?.registerAccelerator).toBe(false);
    });
  }

  it('sends File commands to the page by id, and New also forgets the current file first', () => {
    const { template, events } = setup();
    const file = submenu(find(template, '&File'));
    for (const label of ['New', 'Open…', 'Save', 'Save as…', 'Save graph only…', 'Load weights from…']) click(find(file, label));
    expect(events).toEqual([
      'forget file',
      'run file.new',
      'run file.open',
      'run file.save',
      'run file.saveAs',
      'run file.saveGraphOnly',
      'run file.loadWeights',
    ]);
    expect(find(file, 'quit')).toBeTruthy();
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    expect(submenu(find(setup({ isMac: true }).template, '&File')).some((i) => i.role === 'quit')).toBe(false);
  });

  it('does the browser’s own cut, copy and paste before sending those commands, and only for them', () => {
    const { template, events } = setup();
    const edit = submenu(find(template, '&Edit'));
    for (const label of ['Cut', 'Copy', 'Paste', 'Undo', 'Select all']) click(find(edit, label));
    expect(events).toEqual(['native cut', 'run edit.cut', 'native copy', 'run edit.copy', 'native paste', 'run edit.paste', 'run edit.undo', 'run edit.selectAll']);
  });

  it('lists recent files where the page put the slot, and reopens them by id', () => {
    const { template, sent, events } = setup({ recentFiles: [{ id: 'abc', name: 'Q&A.tlgraph.json', folder: '/home/me' }] });
    const recent = submenu(find(submenu(find(template, '&File')), 'Open recent'));
    expect(recent[0].label).toBe('Q&&A.tlgraph.json');
    expect(recent[0].sublabel).toBe('/home/me');
    click(recent[0]);
    expect(sent).toEqual([{ type: 'openRecent', fileId: 'abc' }]);
    click(find(recent, 'Clear recent'));
    expect(events.at(-1)).toBe('clear recent');
    const empty = submenu(find(submenu(find(setup().template, '&File')), 'Open recent'));
    expect(empty).toEqual([{ label: 'No recent files', enabled: false }]);
  });

  it('labels the menu in the page’s language', () => {
    setLanguage('ko');
    const { template } = setup();
    setLanguage('en');
    const file = find(template, '파일(&F)');
    expect(find(submenu(file), '새로 만들기')).toBeTruthy();
    expect(find(submenu(find(template, '편집(&E)')), '실행 취소').accelerator).toBe('Ctrl+Z');
  });

  it('offers reload and developer tools only in development, with page zoom after the page’s view commands', () => {
    const roles = (isDev: boolean) => submenu(find(setup({ isDev }).template, '&View')).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
    const view = submenu(find(setup().template, '&View'));
    expect(view.findIndex((i) => i.label === 'Fit view')).toBeLessThan(view.findIndex((i) => i.role === 'zoomIn'));
  });

  it('has Help ▸ About the data', () => {
    const { template, sent } = setup();
    click(find(submenu(find(template, 'help')), 'About the data'));
    expect(sent).toEqual([{ type: 'run', commandId: 'help.aboutData' }]);
  });

  it('keeps the text-editing roles and Quit before the page has described its menu', () => {
    const template = setup({ description: null }).template;
    expect(submenu(find(template, '&Edit')).map((i) => i.role ?? i.type)).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'selectAll']);
    expect(submenu(find(template, '&File')).map((i) => i.role ?? i.type)).toEqual(['close', 'separator', 'quit']);
    expect(setup({ description: null, isMac: true }).template[0].role).toBe('appMenu');
  });

  it('ends File with Close Window (the window’s own close, so unsaved changes are asked about) and Quit', () => {
    const file = submenu(find(setup().template, '&File'));
    const close = find(file, 'close');
    expect(close).toMatchObject({ label: 'Close Window', accelerator: 'CmdOrCtrl+W' });
    expect(file.slice(-2).map((i) => i.role)).toEqual([undefined, 'quit']);
    expect(file.indexOf(close)).toBe(file.length - 3);
    // macOS: Quit lives in the app menu, File ends with Close Window.
    expect(submenu(find(setup({ isMac: true }).template, '&File')).at(-1)?.role).toBe('close');
  });

  it('has Help ▸ Open Logs Folder and About on Linux and Windows; About in the app menu and a Window menu on macOS', () => {
    const { template, events } = setup();
    const help = submenu(find(template, '&Help'));
    click(find(help, 'Open Logs Folder'));
    click(find(help, 'About Tensorloom'));
    expect(events).toEqual(['open logs', 'about']);
    expect(template.map((i) => i.role ?? i.label)).toEqual(['&File', '&Edit', '&View', 'help']);

    const mac = setup({ isMac: true });
    expect(mac.template.map((i) => i.role ?? i.label)).toEqual(['appMenu', '&File', '&Edit', '&View', 'windowMenu', 'help']);
    const appMenu = submenu(mac.template[0]);
    click(find(appMenu, 'About Tensorloom'));
    expect(mac.events).toEqual(['about']);
    expect(submenu(find(mac.template, 'help')).some((i) => i.label === 'About Tensorloom')).toBe(false);
    expect(find(mac.template, 'windowMenu').label).toBe('Window');
  });

  it('names main’s own items in Korean, and the Window menu without its Alt-key letter on macOS', () => {
    const { template } = setup({ isMac: true, text: mainText('ko') });
    expect(find(template, 'windowMenu').label).toBe('창');
    expect(submenu(find(template, 'help')).map((i) => i.label)).toContain('로그 폴더 열기');
  });
});

describe('parsing the page’s menu description', () => {
  const valid = (): NativeMenuDescription => ({
    sections: [
      {
        id: 'edit',
        label: '&Edit',
        items: [
          { kind: 'command', commandId: 'edit.copy', label: 'Copy', accelerator: 'Ctrl+C', nativeClipboard: 'copy' },
          { kind: 'separator' },
          { kind: 'submenu', label: 'Language', items: [{ kind: 'command', commandId: 'language.en', label: 'English', check: { style: 'radio', checked: true } }] },
        ],
      },
    ],
  });

  const refusal = (mutate: (d: Record<string, unknown> & NativeMenuDescription) => void): string => {
    const d = valid() as Record<string, unknown> & NativeMenuDescription;
    mutate(d);
    const result = parseMenuDescription(d);
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('E_PAYLOAD');
    return result.error.message;
  };

  it('accepts a well-formed description and keeps only the fields the contract names', () => {
    const d = valid();
    (d.sections[0].items[0] as unknown as Record<string, unknown>).click = 'require("child_process")';
    const result = parseMenuDescription(d);
    expect(result).toEqual({ ok: true, value: valid() });
  });

  it('refuses anything else, naming where', () => {
    expect(refusal((d) => (d.sections[0].id = 'window' as 'edit'))).toMatch(/sections\[0\]\.id/);
    expect(refusal((d) => d.sections.push({ ...d.sections[0] }))).toMatch(/repeats “edit”/);
    expect(refusal((d) => ((d.sections[0].items[0] as { accelerator?: string }).accelerator = 'Ctrl+Banana'))).toMatch(/items\[0\]\.accelerator/);
    expect(refusal((d) => ((d.sections[0].items[0] as { commandId: string }).commandId = '../../etc'))).toMatch(/commandId/);
    expect(refusal((d) => ((d.sections[0].items[0] as { label: string }).label = 'Copy\u0000'))).toMatch(/label/);
    expect(refusal((d) => ((d.sections[0].items[0] as { nativeClipboard?: string }).nativeClipboard = 'selectAll'))).toMatch(/nativeClipboard/);
    expect(
      refusal((d) => {
        const sub = d.sections[0].items[2] as { items: unknown[] };
        sub.items.push({ kind: 'submenu', label: 'Deeper', items: [] });
      }),
    ).toMatch(/submenu inside a submenu/);
    expect(refusal((d) => (d.sections[0].items = Array.from({ length: 101 }, () => ({ kind: 'separator' }))))).toMatch(/more than 100/);
    expect(parseMenuDescription(null).ok).toBe(false);
    expect(refusal((d) => Object.assign(d, { language: 'ko"; alert(1)' }))).toMatch(/language/);
  });

  it('keeps the page’s language for main’s own dialogs', () => {
    const result = parseMenuDescription({ ...valid(), language: 'ko' });
    expect(result.ok && result.value.language).toBe('ko');
  });

  it('accepts Electron accelerators in the form the page writes them', () => {
    for (const good of ['Ctrl+Shift+Z', 'Cmd+G', 'CmdOrCtrl+S', 'Delete', 'Backspace', 'Alt+F4', 'Ctrl+Plus', 'Ctrl+=']) expect(isAccelerator(good), good).toBe(true);
    for (const bad of ['', 'Ctrl+', 'Ctrl+Ctrl+Z', 'Hyper+Z', 'Ctrl+z', 'Ctrl+ZZ', 'F25']) expect(isAccelerator(bad), bad).toBe(false);
  });
});
