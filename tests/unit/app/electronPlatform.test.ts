import { describe, expect, it } from 'vitest';
import type { CloseDecision, TensorloomBridge } from '../../../app/ipc/contract';
import { createElectronPlatform } from '../../../renderer/platform/electron';

/** A bridge whose file calls are not used here; cast, so calls the contract gains later need no change. */
function bridge(extra: Partial<TensorloomBridge> = {}): TensorloomBridge {
  const unused = async () => {
    throw new Error('not used here');
  };
  const base: Partial<TensorloomBridge> = {
    openModel: unused,
    readModel: unused,
    saveModel: unused,
    autosave: unused,
    autosaveCheckpoint: unused,
    loadAutosave: unused,
    exportFile: unused,
    exportFolder: unused,
    recentFiles: unused,
    openRecent: unused,
    onMenuCommand: () => () => undefined,
    describeMenu: unused,
  };
  return { ...base, ...extra } as TensorloomBridge;
}

describe('the desktop platform’s window calls', () => {
  it('passes the close question’s listener to the bridge and hands back its unsubscribe', async () => {
    let registered: (() => Promise<CloseDecision>) | null = null;
    const platform = createElectronPlatform(
      bridge({
        onCloseRequest: (listener) => {
          registered = listener;
          return () => (registered = null);
        },
      }),
    );
    const stop = platform.onCloseRequest!(async () => 'cancel');
    expect(await registered!()).toBe('cancel');
    stop();
    expect(registered).toBeNull();
  });

  it('reads and remembers the studio height, and a failed read is no remembered height', async () => {
    const remembered: number[] = [];
    const platform = createElectronPlatform(
      bridge({ windowLayout: async () => ({ studioHeight: 380 }), rememberStudioHeight: (px) => remembered.push(px) }),
    );
    expect(await platform.windowLayout!()).toEqual({ studioHeight: 380 });
    platform.rememberStudioHeight!(412);
    expect(remembered).toEqual([412]);
    const failing = createElectronPlatform(bridge({ windowLayout: () => Promise.reject(new Error('refused')) }));
    expect(await failing.windowLayout!()).toEqual({ studioHeight: null });
  });

  it('leaves the calls out where the bridge has none, so the page can tell', () => {
    const platform = createElectronPlatform(bridge());
    expect(platform.onCloseRequest).toBeUndefined();
    expect(platform.windowLayout).toBeUndefined();
    expect(platform.rememberStudioHeight).toBeUndefined();
  });
});
