import { characterGptDoc } from './gptMini';
import type { Template } from './types';

const T = 256;
const D_MODEL = 256;
const HEADS = 4;
const BLOCKS = 4;
const BATCH = 16;

/**
 * The template's texts in the app's two languages: the gallery card (title, summary) and the document's
 * description. The template's own fields are the English ones.
 */
export const GPT_SMALL_TEXTS = {
  en: {
    title: 'GPT-small (larger character language model)',
    summary: 'GPT-mini scaled up: 4 decoder blocks of width 256 reading 256 characters of Moby-Dick at a time. Slower to train; watch its memory.',
    description:
      'GPT-mini scaled up: token embedding + positions over 256 characters, four decoder blocks of width 256 (causal self-attention with 4 heads and a 1,024-unit feed-forward layer, each with Add & Norm), and a projection to the vocabulary that predicts the next character. A batch of 16 holds 16 × 4 × 256² attention weights in every block: the pre-flight memory estimate shows what that costs.',
  },
  ko: {
    title: 'GPT-small (더 큰 문자 단위 언어 모델)',
    summary: 'GPT-mini를 키운 모델: 너비 256의 디코더 블록 4개가 모비 딕을 한 번에 256글자씩 읽습니다. 학습이 더 느리니 메모리를 지켜보세요.',
    description:
      'GPT-mini를 키운 모델: 256글자에 대한 토큰 임베딩과 위치 인코딩, 너비 256의 디코더 블록 4개(헤드 4개의 마스크드 셀프 어텐션과 유닛 1,024개의 피드포워드 층, 각각 Add & Norm), 그리고 다음 글자를 예측하는 어휘 사전 크기로의 투영. 배치 16이면 블록마다 16 × 4 × 256²개의 어텐션 가중치를 담습니다. 학습 전 메모리 추정이 그 비용을 보여 줍니다.',
  },
} as const;

/**
 * GPT-mini scaled up: twice the width, twice the blocks, four times the context (≈ 3.2 M parameters). A step
 * trains on 16 × 256 characters and holds B·heads·T² attention weights per block, so it is the template that
 * shows where training time and memory go as a model grows — and what the pre-flight estimate warns about.
 */
export const gptSmall: Template = {
  id: 'gpt-small',
  title: GPT_SMALL_TEXTS.en.title,
  summary: GPT_SMALL_TEXTS.en.summary,
  dataset: 'moby-dick',
  build() {
    return characterGptDoc(
      { length: T, dModel: D_MODEL, heads: HEADS, blocks: BLOCKS, hidden: 4 * D_MODEL },
      {
        name: 'GPT-small',
        description: GPT_SMALL_TEXTS.en.description,
        training: { dataset: 'moby-dick', steps: 1000, batchSize: BATCH, learningRate: 1e-3, warmupSteps: 100 },
      },
    );
  },
};
