/**
 * The words of main's own dialogs and menu items, in the page's language (the page says which in its
 * menu description) or, before the page has spoken, the system's. The page's commands bring their own
 * labels; these are only what main adds.
 */
export type MainLanguage = 'en' | 'ko';

export interface MainText {
  unsavedTitle: string;
  unsavedMessage: string;
  unsavedDetail: string;
  save: string;
  dontSave: string;
  cancel: string;
  crashTitle: string;
  crashMessage(reason: string): string;
  crashDetail: string;
  reopen: string;
  quit: string;
  notRespondingTitle: string;
  notRespondingMessage: string;
  notRespondingDetail: string;
  wait: string;
  closeAnyway: string;
  closeWindow: string;
  windowMenu: string;
  openLogs: string;
  about: string;
  aboutDetail(versions: { electron: string; chrome: string; node: string }, libraries: string, datasets: string): string;
  ok: string;
  /** The menu bar's menus before the page has described its own (with `&` before the Alt-key letter). */
  fallbackMenus: Record<'file' | 'edit' | 'view' | 'help', string>;
  openDialogTitle: string;
  saveModelDialogTitle: string;
  exportDialogTitle: string;
  modelsAndGraphsFilter: string;
  modelFilter: string;
  allFilesFilter: string;
  startFailedTitle: string;
  startFailedDetail(reason: string, logDir: string): string;
  /** The labels of Electron's own menu items, which Electron would otherwise write in English. */
  roles: Record<MainMenuRole, string>;
}

/** Electron's menu roles that main puts in the menu itself. */
export type MainMenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit';

const en: MainText = {
  unsavedTitle: 'Unsaved changes',
  unsavedMessage: 'Save the changes to this graph before closing?',
  unsavedDetail: 'Your changes are lost if you don’t save them.',
  save: 'Save',
  dontSave: 'Don’t Save',
  cancel: 'Cancel',
  crashTitle: 'Tensorloom stopped',
  crashMessage: (reason) => `The window stopped twice within a minute (${reason}).`,
  crashDetail: 'Reopen loads your last autosaved graph. Quit keeps it for the next start.',
  reopen: 'Reopen',
  quit: 'Quit',
  notRespondingTitle: 'Tensorloom is not responding',
  notRespondingMessage: 'The window does not answer whether it may close.',
  notRespondingDetail: 'Wait for it, or close it now: the last autosaved graph is offered at the next start.',
  wait: 'Wait',
  closeAnyway: 'Close Anyway',
  closeWindow: 'Close Window',
  windowMenu: '&Window',
  openLogs: 'Open Logs Folder',
  about: 'About Tensorloom',
  aboutDetail: (v, libraries, datasets) =>
    [
      `Electron ${v.electron}, Chromium ${v.chrome}, Node ${v.node}.`,
      'Tensorloom’s code: MIT licence.',
      `Libraries in the app: ${libraries}.`,
      `Datasets: ${datasets}. Sources and citations: Help ▸ About the data.`,
      'Fonts: none are bundled; the system’s fonts are used.',
    ].join('\n'),
  ok: 'OK',
  fallbackMenus: { file: '&File', edit: '&Edit', view: '&View', help: '&Help' },
  openDialogTitle: 'Open Model',
  saveModelDialogTitle: 'Save Model',
  exportDialogTitle: 'Export',
  modelsAndGraphsFilter: 'Tensorloom models and graphs',
  modelFilter: 'Tensorloom model',
  allFilesFilter: 'All files',
  startFailedTitle: 'Tensorloom could not start',
  startFailedDetail: (reason, logDir) => `${reason}\n\nThe log is in ${logDir}.`,
  roles: {
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    togglefullscreen: 'Toggle Full Screen',
    services: 'Services',
    hide: 'Hide Tensorloom',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit Tensorloom',
  },
};

const ko: MainText = {
  unsavedTitle: '저장하지 않은 변경 사항',
  unsavedMessage: '닫기 전에 이 그래프의 변경 사항을 저장할까요?',
  unsavedDetail: '저장하지 않으면 변경 사항이 사라집니다.',
  save: '저장',
  dontSave: '저장 안 함',
  cancel: '취소',
  crashTitle: 'Tensorloom이 멈췄습니다',
  crashMessage: (reason) => `창이 1분 안에 두 번 멈췄습니다 (${reason}).`,
  crashDetail: '다시 열면 마지막으로 자동 저장된 그래프를 불러옵니다. 종료하면 다음에 실행할 때 다시 보여 드립니다.',
  reopen: '다시 열기',
  quit: '종료',
  notRespondingTitle: 'Tensorloom이 응답하지 않습니다',
  notRespondingMessage: '창이 닫아도 되는지 답하지 않습니다.',
  notRespondingDetail: '기다리거나 지금 닫으세요. 지금 닫으면 마지막으로 자동 저장된 그래프를 다음에 실행할 때 보여 드립니다.',
  wait: '기다리기',
  closeAnyway: '그래도 닫기',
  closeWindow: '창 닫기',
  windowMenu: '창(&W)',
  openLogs: '로그 폴더 열기',
  about: 'Tensorloom 정보',
  aboutDetail: (v, libraries, datasets) =>
    [
      `Electron ${v.electron}, Chromium ${v.chrome}, Node ${v.node}.`,
      'Tensorloom 코드: MIT 라이선스.',
      `앱에 포함된 라이브러리: ${libraries}.`,
      `데이터셋: ${datasets}. 출처와 인용 정보는 도움말 ▸ 데이터 정보에 있습니다.`,
      '글꼴: 따로 포함하지 않고 시스템 글꼴을 씁니다.',
    ].join('\n'),
  ok: '확인',
  fallbackMenus: { file: '파일(&F)', edit: '편집(&E)', view: '보기(&V)', help: '도움말(&H)' },
  openDialogTitle: '모델 열기',
  saveModelDialogTitle: '모델 저장',
  exportDialogTitle: '내보내기',
  modelsAndGraphsFilter: 'Tensorloom 모델과 그래프',
  modelFilter: 'Tensorloom 모델',
  allFilesFilter: '모든 파일',
  startFailedTitle: 'Tensorloom을 시작하지 못했습니다',
  startFailedDetail: (reason, logDir) => `${reason}\n\n로그는 ${logDir}에 있습니다.`,
  roles: {
    undo: '실행 취소',
    redo: '다시 실행',
    cut: '잘라내기',
    copy: '복사',
    paste: '붙여넣기',
    selectAll: '모두 선택',
    reload: '새로 고침',
    forceReload: '강제 새로 고침',
    toggleDevTools: '개발자 도구 열기/닫기',
    resetZoom: '실제 크기',
    zoomIn: '확대',
    zoomOut: '축소',
    togglefullscreen: '전체 화면 켜기/끄기',
    services: '서비스',
    hide: 'Tensorloom 가리기',
    hideOthers: '기타 가리기',
    unhide: '모두 보기',
    quit: 'Tensorloom 종료',
  },
};

const TEXTS: Record<MainLanguage, MainText> = { en, ko };

/** `ko`, `ko-KR` → Korean; anything else → English. */
export function mainLanguage(tag: string | undefined | null): MainLanguage {
  return typeof tag === 'string' && /^ko(\b|[-_])/i.test(tag) ? 'ko' : 'en';
}

export function mainText(language: MainLanguage): MainText {
  return TEXTS[language];
}
