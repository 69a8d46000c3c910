// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { templateById } from '../../../engine/templates';
import { en } from '../../../renderer/i18n/en';
import { i18n } from '../../../renderer/i18n/index';
import { ko } from '../../../renderer/i18n/ko';
import { FINETUNE_TEMPLATE_ID, FineTunePath, PRETRAIN_TEMPLATE_ID } from '../../../renderer/start/FineTunePath';

function renderPath(language: 'en' | 'ko') {
  void i18n.changeLanguage(language);
  const onOpenTemplate = vi.fn();
  const onLoadWeights = vi.fn();
  render(createElement(I18nextProvider, { i18n }, createElement(FineTunePath, { onOpenTemplate, onLoadWeights })));
  return { onOpenTemplate, onLoadWeights };
}

afterEach(cleanup);

describe('the fine-tuning path card', () => {
  it('opens the pre-training template, then the classifier, then asks to load weights, in that order of steps', () => {
    const { onOpenTemplate, onLoadWeights } = renderPath('en');
    const steps = [1, 2, 3].map((n) => screen.getByTestId(`fine-tune-step-${n}`));
    expect(steps[0].contains(screen.getByTestId('fine-tune-open-pretrain'))).toBe(true);
    expect(steps[1].contains(screen.getByTestId('fine-tune-open-finetune'))).toBe(true);
    expect(steps[1].contains(screen.getByTestId('fine-tune-load-weights'))).toBe(true);

    fireEvent.click(screen.getByTestId('fine-tune-open-pretrain'));
    fireEvent.click(screen.getByTestId('fine-tune-open-finetune'));
    expect(onOpenTemplate.mock.calls).toEqual([['bert-reviews'], ['sentiment-finetune']]);
    expect(onLoadWeights).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('fine-tune-load-weights'));
    expect(onLoadWeights).toHaveBeenCalledTimes(1);
  });

  it('names the bundled templates it opens by their gallery titles', () => {
    renderPath('en');
    for (const [id, testId] of [
      [PRETRAIN_TEMPLATE_ID, 'fine-tune-open-pretrain'],
      [FINETUNE_TEMPLATE_ID, 'fine-tune-open-finetune'],
    ]) {
      const template = templateById(id);
      expect(template, id).toBeDefined();
      expect(screen.getByTestId(testId).textContent).toContain(template!.title);
    }
  });

  it('speaks Korean with the course’s words, and English, every string translated', () => {
    expect(Object.keys(ko.fineTune).sort()).toEqual(Object.keys(en.fineTune).sort());
    for (const key of Object.keys(en.fineTune) as (keyof typeof en.fineTune)[]) expect(ko.fineTune[key], key).not.toBe(en.fineTune[key]);

    renderPath('ko');
    const korean = screen.getByTestId('fine-tune-path').textContent!;
    for (const term of ['사전 학습', '미세 조정', '동결', '인코더', '가중치 불러오기…', '1단계', '3단계']) expect(korean, term).toContain(term);
    expect(korean).not.toContain('fineTune.');
    cleanup();

    renderPath('en');
    const english = screen.getByTestId('fine-tune-path').textContent!;
    for (const phrase of ['Pre-train', 'fine-tun', 'Freeze weights', 'Load weights from…', 'Step 1', 'Step 3']) expect(english, phrase).toContain(phrase);
    expect(english).not.toContain('fineTune.');
  });
});
