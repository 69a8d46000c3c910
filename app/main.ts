/**
 * The Electron main process's entry: it hands the real Electron to the app's wiring (desktopApp.ts),
 * which unit tests run against a fake.
 */
import electron from 'electron';
import { startDesktopApp } from './desktopApp';

startDesktopApp(electron, {
  platform: process.platform,
  argv: process.argv,
  cwd: process.cwd(),
  env: process.env,
  appDir: __dirname,
  onProcessError: (handler) => {
    process.on('uncaughtException', handler);
    process.on('unhandledRejection', handler);
  },
});
