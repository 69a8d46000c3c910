/**
 * jsdom lacks the layout APIs React Flow calls while mounting. These stand-ins report zero sizes, which is
 * what jsdom's layout is; tests here check what the components render, not where.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import '../../renderer/i18n';

class ResizeObserverStandIn {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as Record<string, unknown>;
g.ResizeObserver ??= ResizeObserverStandIn;
g.DOMMatrixReadOnly ??= class {
  m22 = 1;
  constructor(_transform?: string) {}
};

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());
