import type { LessonInput } from '../schema';

const REVERSE_VOCAB = 27;
const TRAIN = { dataset: 'reverse', steps: 150, batchSize: 32, learningRate: 2e-2, warmupSteps: 10, seed: 3 } as const;

export const gatesLesson: LessonInput = {
  id: 'gates',
  order: 2,
  title: { en: 'LSTM and GRU gates', ko: 'LSTM과 GRU의 게이트' },
  summary: {
    en: 'Look inside an LSTM while it learns: its input, forget and output gates decide what enters, stays in and leaves the cell state. Then swap it for a GRU — two gates and no separate cell — and measure what the lighter design costs and saves.',
    ko: '학습 중인 LSTM의 속을 봅니다. 입력·망각·출력 게이트가 셀 상태에 무엇이 들어가고, 남고, 나갈지를 정합니다. 그다음 게이트 두 개에 셀 상태가 따로 없는 GRU로 바꿔, 가벼운 설계가 무엇을 아끼고 무엇을 잃는지 측정합니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'lstm-model',
      title: { en: 'An LSTM tagger', ko: 'LSTM 태거' },
      goal: {
        en: 'Build the first lesson’s model with an LSTM: Token Input (12) → Embedding (27 → 16) → LSTM (48 units, every step) → Dense (27) → per-token loss, on “reverse”.',
        ko: '첫 레슨의 모델을 LSTM으로 만드세요. 토큰 입력(12) → 임베딩(27 → 16) → LSTM(유닛 48, 매 시점 출력) → Dense(27) → 토큰별 손실, 데이터셋은 reverse입니다.',
      },
      hint: { en: 'Show me builds it in one step if you did lesson 1 already.', ko: '레슨 1을 했다면 보여 주기로 한 번에 만들어도 됩니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'lstm', where: { output: 'sequence' } }, says: { en: 'an Embedding feeds an LSTM that outputs every step', ko: '임베딩이 매 시점을 출력하는 LSTM으로 이어진다' } },
        { kind: 'training', field: 'dataset', value: 'reverse', says: { en: 'the graph trains on “reverse”', ko: '데이터셋이 reverse이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'tokens', kind: 'tokenInput', at: [0, 1], params: { feed: 'tokens', time: 'T', length: 12 }, label: { en: 'Symbols', ko: '기호' } },
        { op: 'add', id: 'embed', kind: 'embedding', at: [1, 1], params: { vocabSize: REVERSE_VOCAB, dModel: 16 }, label: { en: 'Embedding', ko: '임베딩' } },
        { op: 'connect', from: 'tokens', to: 'embed', toPort: 'in' },
        { op: 'add', id: 'cell', kind: 'lstm', at: [2, 1], params: { units: 48, output: 'sequence' }, label: { en: 'LSTM', ko: 'LSTM 층' } },
        { op: 'connect', from: 'embed', to: 'cell', toPort: 'in' },
        { op: 'add', id: 'logits', kind: 'dense', at: [3, 1], params: { units: REVERSE_VOCAB }, label: { en: 'To symbols', ko: '기호 점수' } },
        { op: 'connect', from: 'cell', to: 'logits', toPort: 'in' },
        { op: 'add', id: 'answer', kind: 'target', at: [3, 2], params: { feed: 'targets', time: 'T' }, label: { en: 'Reversed symbols', ko: '뒤집힌 기호' } },
        { op: 'add', id: 'loss', kind: 'lmHead', at: [4, 1], label: { en: 'Per-token loss', ko: '토큰별 손실' } },
        { op: 'connect', from: 'logits', to: 'loss', toPort: 'logits' },
        { op: 'connect', from: 'answer', to: 'loss', toPort: 'targets' },
        { op: 'setTraining', patch: { dataset: 'reverse', steps: 150, batchSize: 32, learningRate: 2e-2, warmupSteps: 10 } },
      ],
    },
    {
      id: 'train-lstm',
      title: { en: 'Watch the gates', ko: '게이트 지켜보기' },
      goal: {
        en: 'Train 150 steps, then open the studio’s hidden-state tab and pick the gates: one row per time step, one column per unit. A forget gate near 1 keeps the cell state; near 0 it wipes it.',
        ko: '150 스텝 학습한 뒤 스튜디오의 은닉 상태 탭에서 게이트를 고르세요. 행은 시점, 열은 유닛입니다. 망각 게이트가 1에 가까우면 셀 상태를 지키고, 0에 가까우면 지웁니다.',
      },
      hint: { en: 'Type a short probe such as “abc123” to see the gates on your own input.', ko: '“abc123” 같은 짧은 입력을 넣으면 내 입력에 대한 게이트가 보입니다.' },
      observe: {
        train: { run: 'lstm', ...TRAIN },
        claims: [{ left: { run: 'lstm', metric: 'finalLoss' }, relation: '<', right: 3.2958, says: { en: 'the LSTM learns (loss below ln 27 ≈ 3.30)', ko: 'LSTM이 배운다 (손실이 ln 27 ≈ 3.30보다 낮다)' } }],
        result: { en: 'The LSTM’s loss ended at {left0}.', ko: 'LSTM의 손실은 {left0}에서 끝났습니다.' },
      },
    },
    {
      id: 'gru',
      title: { en: 'GRU: the lighter LSTM', ko: 'GRU: 가벼운 LSTM' },
      goal: {
        en: 'Replace the LSTM by a GRU of the same size. The GRU merges the cell into the hidden state and uses an update and a reset gate: three weight blocks where the LSTM has four.',
        ko: 'LSTM을 같은 크기의 GRU로 바꾸세요. GRU는 셀 상태를 은닉 상태에 합치고 업데이트·리셋 게이트 두 개를 씁니다. LSTM이 가중치 묶음 네 개를 쓰는 곳에 세 개를 씁니다.',
      },
      hint: { en: 'Delete the LSTM, add a GRU (48 units, output sequence), and wire it in the same place.', ko: 'LSTM을 지우고 GRU(유닛 48, output sequence)를 같은 자리에 연결하세요.' },
      checks: [
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'gru' }, says: { en: 'the Embedding feeds a GRU', ko: '임베딩이 GRU로 이어진다' } },
        { kind: 'lacksBlock', block: { kind: 'lstm' }, says: { en: 'the LSTM is gone', ko: 'LSTM이 없다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [{ op: 'replaceKind', node: 'cell', kind: 'gru', params: { units: 48, output: 'sequence' }, label: { en: 'GRU', ko: 'GRU 층' } }],
      observe: {
        train: { run: 'gru', ...TRAIN },
        claims: [
          {
            left: { run: 'gru', metric: 'parameters' },
            relation: '<',
            right: { run: 'lstm', metric: 'parameters' },
            scale: 0.9,
            says: { en: 'the GRU model has at least 10 % fewer parameters', ko: 'GRU 모델의 파라미터가 10 % 이상 적다' },
          },
          {
            left: { run: 'gru', metric: 'validationLoss' },
            relation: '<',
            right: { run: 'lstm', metric: 'validationLoss' },
            scale: 1.05,
            says: { en: 'its held-out loss is within 5 % of the LSTM’s (or better)', ko: '검증 손실이 LSTM보다 5 % 이상 나쁘지 않다' },
          },
        ],
        result: {
          en: 'Parameters: GRU {left0}, LSTM {right0}. Held-out loss after 150 steps: GRU {left1}, LSTM {right1}.',
          ko: '파라미터: GRU {left0}, LSTM {right0}. 150 스텝 뒤 검증 손실: GRU {left1}, LSTM {right1}.',
        },
      },
    },
  ],
};
