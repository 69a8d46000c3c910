import type { LessonInput } from '../schema';

const REVERSE_VOCAB = 27;
const TRAIN = { dataset: 'reverse', steps: 150, batchSize: 32, learningRate: 2e-2, warmupSteps: 10, seed: 3 } as const;

export const rnnLesson: LessonInput = {
  id: 'rnn',
  order: 1,
  title: { en: 'An RNN reads a sequence', ko: '순환 신경망(RNN)이 시퀀스를 읽는 법' },
  summary: {
    en: 'Build a recurrent network that reads symbols one time step at a time, carrying a hidden state, and train it on a task whose answers depend on symbols read long before. Then swap the plain RNN for an LSTM and compare the two loss curves: the long-term dependency is where vanishing gradients hurt.',
    ko: '기호를 시점마다 하나씩 읽으며 은닉 상태(hidden state)를 넘겨 주는 순환 신경망을 만들고, 한참 전에 읽은 기호에 답이 달린 과제로 학습시킵니다. 그다음 기본 RNN을 LSTM으로 바꿔 두 손실 곡선을 비교합니다. 장기 의존성(Long-Term Dependency)이 바로 기울기 소실이 해를 끼치는 곳입니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'tokens',
      title: { en: 'Symbols in', ko: '기호 입력' },
      goal: {
        en: 'Add a Token Input of length 12 and an Embedding of 27 symbols into 16 dimensions, connected.',
        ko: '길이 12의 토큰 입력과, 기호 27개를 16차원으로 바꾸는 임베딩을 놓고 연결하세요.',
      },
      hint: {
        en: 'An embedding is a learned table: each symbol id picks one row, instead of a long one-hot vector.',
        ko: '임베딩은 학습되는 표입니다. 긴 원-핫(one-hot) 벡터 대신 기호 번호마다 한 행을 꺼냅니다.',
      },
      checks: [
        { kind: 'hasBlock', block: { kind: 'tokenInput', where: { length: 12 } }, says: { en: 'a Token Input of length 12 is on the canvas', ko: '길이 12의 토큰 입력이 캔버스에 있다' } },
        { kind: 'feeds', from: { kind: 'tokenInput' }, to: { kind: 'embedding', where: { vocabSize: REVERSE_VOCAB } }, says: { en: 'the Token Input feeds an Embedding of 27 symbols', ko: '토큰 입력이 기호 27개짜리 임베딩으로 이어진다' } },
      ],
      showMe: [
        { op: 'add', id: 'tokens', kind: 'tokenInput', at: [0, 1], params: { feed: 'tokens', time: 'T', length: 12 }, label: { en: 'Symbols', ko: '기호' } },
        { op: 'add', id: 'embed', kind: 'embedding', at: [1, 1], params: { vocabSize: REVERSE_VOCAB, dModel: 16 }, label: { en: 'Embedding', ko: '임베딩' } },
        { op: 'connect', from: 'tokens', to: 'embed', toPort: 'in' },
      ],
    },
    {
      id: 'rnn',
      title: { en: 'One weight, every time step', ko: '모든 시점이 같은 가중치를 쓴다' },
      goal: {
        en: 'Add a Simple RNN with 48 units that outputs its hidden state at every step: h_t = tanh(W_x x_t + W_h h_{t−1} + b), the same W_x and W_h at every time step.',
        ko: '유닛 48개의 Simple RNN을 놓고 매 시점의 은닉 상태를 출력하게 하세요. h_t = tanh(W_x x_t + W_h h_{t−1} + b)이며, 모든 시점이 같은 W_x와 W_h를 씁니다.',
      },
      hint: {
        en: 'Set “output” to “sequence”: one hidden state per time step, not only the last.',
        ko: 'output을 sequence로 두세요. 마지막 시점만이 아니라 시점마다 은닉 상태가 하나씩 나옵니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'simpleRnn', where: { output: 'sequence' } }, says: { en: 'the Embedding feeds a Simple RNN that outputs every step', ko: '임베딩이 매 시점을 출력하는 Simple RNN으로 이어진다' } },
      ],
      showMe: [
        { op: 'add', id: 'rnn', kind: 'simpleRnn', at: [2, 1], params: { units: 48, output: 'sequence' }, label: { en: 'RNN', ko: '순환 신경망 (RNN)' } },
        { op: 'connect', from: 'embed', to: 'rnn', toPort: 'in' },
      ],
    },
    {
      id: 'readout',
      title: { en: 'A prediction per step', ko: '시점마다 하나의 예측' },
      goal: {
        en: 'Add a Dense of 27 units after the RNN, a Target, and a per-token loss head; train on “reverse”. At step t the network must write the symbol read at step n−1−t: the last outputs depend on the very first inputs.',
        ko: 'RNN 뒤에 유닛 27개의 Dense, 타깃, 토큰별 손실 헤드를 놓고 데이터셋을 reverse로 하세요. 시점 t에서 n−1−t번째에 읽은 기호를 써야 하므로, 마지막 출력들은 맨 처음 입력에 달려 있습니다.',
      },
      hint: {
        en: 'Each step is a multi-class classification over the symbols, scored by cross-entropy loss.',
        ko: '각 시점은 기호들에 대한 다중 분류이고, 교차 엔트로피 손실로 채점합니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'simpleRnn' }, to: { kind: 'dense', where: { units: REVERSE_VOCAB } }, says: { en: 'the RNN feeds a Dense of 27 units', ko: 'RNN이 유닛 27개인 Dense로 이어진다' } },
        { kind: 'training', field: 'dataset', value: 'reverse', says: { en: 'the graph trains on the “reverse” dataset', ko: '데이터셋이 reverse이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'logits', kind: 'dense', at: [3, 1], params: { units: REVERSE_VOCAB }, label: { en: 'To symbols', ko: '기호 점수' } },
        { op: 'connect', from: 'rnn', to: 'logits', toPort: 'in' },
        { op: 'add', id: 'answer', kind: 'target', at: [3, 2], params: { feed: 'targets', time: 'T' }, label: { en: 'Reversed symbols', ko: '뒤집힌 기호' } },
        { op: 'add', id: 'loss', kind: 'lmHead', at: [4, 1], label: { en: 'Per-token loss', ko: '토큰별 손실' } },
        { op: 'connect', from: 'logits', to: 'loss', toPort: 'logits' },
        { op: 'connect', from: 'answer', to: 'loss', toPort: 'targets' },
        { op: 'setTraining', patch: { dataset: 'reverse', steps: 150, batchSize: 32, learningRate: 2e-2, warmupSteps: 10 } },
      ],
    },
    {
      id: 'train-rnn',
      title: { en: 'Train the RNN, watch its hidden state', ko: 'RNN 학습과 은닉 상태 보기' },
      goal: {
        en: 'Train 150 steps. In the studio’s hidden-state view each row is a time step and each column a unit: the state the RNN carries from step to step.',
        ko: '150 스텝 학습하세요. 스튜디오의 은닉 상태 보기에서 행은 시점, 열은 유닛입니다. RNN이 시점에서 시점으로 넘기는 상태입니다.',
      },
      hint: { en: 'Press Run observation; the lesson records this run as the RNN’s.', ko: '관찰 실행을 누르세요. 이 학습이 RNN의 기록으로 남습니다.' },
      observe: {
        train: { run: 'rnn', ...TRAIN },
        claims: [
          { left: { run: 'rnn', metric: 'finalLoss' }, relation: '<', right: 3.2958, says: { en: 'the loss is below guessing (ln 27 ≈ 3.30)', ko: '손실이 찍기 수준(ln 27 ≈ 3.30)보다 낮다' } },
        ],
        result: {
          en: 'The RNN’s loss ended at {left0} (guessing scores {right0}). It learns the easy, recent part of the answer; the symbols read long ago fade from its state.',
          ko: 'RNN의 손실은 {left0}에서 끝났습니다 (찍기는 {right0}). 가까운 부분은 배우지만, 오래전에 읽은 기호는 상태에서 희미해집니다.',
        },
      },
    },
    {
      id: 'lstm',
      title: { en: 'Swap in an LSTM', ko: 'LSTM으로 바꾸기' },
      goal: {
        en: 'Replace the Simple RNN by an LSTM of the same size. Its cell state is updated by addition, gated, so the gradient from a late output reaches early inputs without being squeezed through tanh at every step.',
        ko: 'Simple RNN을 같은 크기의 LSTM으로 바꾸세요. 셀 상태는 게이트를 거쳐 덧셈으로 갱신되므로, 늦은 출력의 기울기가 시점마다 tanh를 거쳐 줄어들지 않고 앞쪽 입력까지 닿습니다.',
      },
      hint: {
        en: 'Delete the RNN, add an LSTM (units 48, output sequence) and wire it the same way.',
        ko: 'RNN을 지우고 LSTM(유닛 48, output sequence)을 놓은 뒤 같은 자리에 연결하세요.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'lstm' }, says: { en: 'the Embedding feeds an LSTM', ko: '임베딩이 LSTM으로 이어진다' } },
        { kind: 'lacksBlock', block: { kind: 'simpleRnn' }, says: { en: 'the Simple RNN is gone', ko: 'Simple RNN이 없다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [{ op: 'replaceKind', node: 'rnn', kind: 'lstm', params: { units: 48, output: 'sequence' }, label: { en: 'LSTM', ko: 'LSTM 층' } }],
      observe: {
        train: { run: 'lstm', ...TRAIN },
        claims: [
          {
            left: { run: 'lstm', metric: 'validationLoss' },
            relation: '<',
            right: { run: 'rnn', metric: 'validationLoss' },
            says: { en: 'after 150 steps the LSTM’s held-out loss is lower than the RNN’s', ko: '150 스텝 뒤 LSTM의 검증 손실이 RNN보다 낮다' },
          },
        ],
        result: {
          en: 'Held-out loss after 150 steps, same data, seed and settings: LSTM {left0}, RNN {right0}. Overlay the two runs in the studio to see where the curves part.',
          ko: '같은 데이터·시드·설정으로 150 스텝 뒤 검증 손실: LSTM {left0}, RNN {right0}. 스튜디오에서 두 학습을 겹쳐 보면 곡선이 갈라지는 곳이 보입니다.',
        },
      },
    },
  ],
};
