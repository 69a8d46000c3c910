import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// The YAML reader and schema electron-builder itself uses, so the test reads the file as `npm run dist` does.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { signingPlan, describePlan } = require('../../../scripts/packaging/signing.cjs') as {
  signingPlan(env: Record<string, string>, platform: string): { step: string; enabled: boolean; detail: string }[];
  describePlan(plan: unknown[]): string;
};

interface BuilderConfig {
  productName: string;
  icon: string;
  beforePack: string;
  fileAssociations: { ext: string; name: string; description: string; mimeType: string; role: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string };
  mac: { target: string; category: string; hardenedRuntime: boolean; notarize: boolean };
  win: { target: string };
  nsis: { perMachine: boolean };
  publish: null;
}

const config = yaml.load(fs.readFileSync(path.resolve('electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', () => {
    const Ajv = builderRequire('ajv') as new (options: object) => { addKeyword(k: string): void; compile(s: object): ((v: unknown) => boolean) & { errors: unknown } };
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    ajv.addKeyword('typeof');
    const validate = ajv.compile(builderRequire('./scheme.json') as object);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('turns off Electron’s risky defaults with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('registers .tlgraph with a name, description and MIME type', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'tlgraph', name: 'Tensorloom model', mimeType: 'application/x-tensorloom-model', role: 'Editor', description: expect.stringMatching(/Tensorloom model/) }),
    ]);
    // NSIS writes file associations only for per-machine installs.
    expect(config.nsis.perMachine).toBe(true);
  });

  it('builds AppImage and deb, dmg and nsis, with the icon, and never publishes', () => {
    expect(config.productName).toBe('Tensorloom');
    expect(fs.existsSync(config.icon)).toBe(true);
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Education' });
    expect(config.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true, notarize: true });
    expect(config.win.target).toBe('nsis');
    expect(config.publish).toBeNull();
    expect(fs.existsSync(config.beforePack)).toBe(true);
  });
});

describe('signing plan', () => {
  it('says what is skipped, and why, when no credentials are set', () => {
    const mac = signingPlan({}, 'darwin');
    expect(mac.map((s) => [s.step, s.enabled])).toEqual([
      ['macOS code signing', false],
      ['macOS notarisation', false],
    ]);
    expect(mac[0].detail).toMatch(/skipped: set CSC_LINK/);
    expect(mac[1].detail).toMatch(/unsigned app cannot be notarised/);
    expect(signingPlan({}, 'win32')[0]).toMatchObject({ enabled: false, detail: expect.stringMatching(/skipped: set WIN_CSC_LINK/) });
    expect(describePlan(mac)).toMatch(/– macOS code signing: skipped/);
  });

  it('signs and notarises when the environment has the credentials, naming the variables, never their values', () => {
    const env = { CSC_LINK: 'secret-p12-base64', CSC_KEY_PASSWORD: 'hunter2', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'ID', APPLE_API_ISSUER: 'issuer' };
    const mac = signingPlan(env, 'darwin');
    expect(mac.every((s) => s.enabled)).toBe(true);
    expect(mac[1].detail).toBe('with APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER');
    expect(describePlan(mac)).not.toMatch(/secret-p12|hunter2/);
    // Half a set of notary credentials is not enough.
    expect(signingPlan({ CSC_LINK: 'x', APPLE_ID: 'a@b.c' }, 'darwin')[1].enabled).toBe(false);
    expect(signingPlan({ WIN_CSC_LINK: 'x' }, 'win32')[0].enabled).toBe(true);
  });
});
