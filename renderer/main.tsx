import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
// Hangul in the app's own font (all weights in one variable font, split by unicode-range so a page loads only
// the subsets it shows), so Korean text looks the same on machines without a Korean system font.
import '@fontsource-variable/noto-sans-kr/wght.css';
import './styles/app.css';
import { App } from './App';
import { i18n } from './i18n';
import { getPlatform } from './platform';
import { startPersistence } from './store/persistence';

document.documentElement.lang = i18n.language;

async function main() {
  // Restore before the first paint of the editor, so a reload never flashes an empty canvas.
  await startPersistence(getPlatform());
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void main();
