import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile } from './ipc/contract';

export interface MenuOptions {
  isMac: boolean;
  /** Development builds get Reload and Developer Tools. */
  isDev: boolean;
  recentFiles: RecentFile[];
  /** Sends a command to the page; the page owns the document and runs it. */
  send(command: MenuCommand): void;
  /** File ▸ New also tells main that Save has no file to write to any more. */
  onNew(): void;
  onClearRecent(): void;
}

/**
 * The native menu as a template, without touching Electron, so main.ts stays thin. Document commands
 * go to the page: it knows whether there are unsaved changes and what the graph is.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev, send } = options;

  const openRecent: MenuItemConstructorOptions[] = options.recentFiles.length
    ? [
        ...options.recentFiles.map((file): MenuItemConstructorOptions => ({
          // `&` would become a mnemonic on Windows and Linux.
          label: file.name.replace(/&/g, '&&'),
          sublabel: file.folder,
          click: () => send({ type: 'openRecent', id: file.id }),
        })),
        { type: 'separator' },
        { label: 'Clear Recent', click: options.onClearRecent },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        label: 'New',
        accelerator: 'CmdOrCtrl+N',
        click: () => {
          options.onNew();
          send({ type: 'new' });
        },
      },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => send({ type: 'open' }) },
      { label: 'Open Recent', submenu: openRecent },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => send({ type: 'save' }) },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send({ type: 'saveAs' }) },
      { label: 'Save Graph Only…', click: () => send({ type: 'saveGraphOnly' }) },
      { type: 'separator' },
      { label: 'Load Weights From…', click: () => send({ type: 'loadWeights' }) },
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  // Undo and Redo show their shortcuts but leave the keys to the page: in a text field the browser undoes
  // typing, on the canvas the page undoes graph edits. A registered accelerator would take the key from both.
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo', registerAccelerator: false },
      { role: 'redo', registerAccelerator: false },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About the Data', click: () => send({ type: 'aboutData' }) }, ...(isMac ? [] : [{ role: 'about' } as const])],
  };

  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, edit, view, help];
}
