/**
 * How every browser run here launches Debian's Chromium (Playwright tests and benchmarks): no browser
 * download, no background network traffic, WebGL through SwiftShader where there is no GPU.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
