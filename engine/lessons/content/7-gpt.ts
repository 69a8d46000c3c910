import type { LessonInput } from '../schema';

const MOBY_VOCAB = 69;
const T = 32;
const TRAIN = { dataset: 'moby-dick', steps: 120, batchSize: 16, learningRate: 3e-3, warmupSteps: 10, seed: 5, probe: 'call me ishmael' } as const;

export const gptLesson: LessonInput = {
  id: 'gpt',
  order: 7,
  title: { en: 'GPT: a decoder that only looks back', ko: 'GPT: 앞만 보는 디코더' },
  summary: {
    en: 'Build a decoder-only Transformer that predicts the next character of Moby-Dick, check that its causal mask really hides the future, and generate text with temperature and top-k sampling.',
    ko: '모비 딕의 다음 글자를 예측하는 디코더 전용(decoder-only) 트랜스포머를 만들고, 인과 마스크가 정말 미래를 가리는지 확인한 뒤, temperature와 top-k 샘플링으로 글을 생성합니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'tokens',
      title: { en: 'Characters and positions', ko: '글자와 위치' },
      goal: {
        en: 'Add a Token Input of length 32, an Embedding of 69 characters into 32 dimensions, and a learned Positional Encoding, in a chain.',
        ko: '길이 32의 토큰 입력, 글자 69개를 32차원으로 바꾸는 임베딩, learned 위치 인코딩을 차례로 연결하세요.',
      },
      hint: { en: 'The same start as the Transformer lesson, with the novel’s 69 characters.', ko: '트랜스포머 레슨과 같은 시작이며, 소설의 글자 69개를 씁니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'tokenInput', where: { length: T } }, to: { kind: 'embedding', where: { vocabSize: MOBY_VOCAB } }, says: { en: 'a Token Input of length 32 feeds an Embedding of 69 characters', ko: '길이 32의 토큰 입력이 글자 69개짜리 임베딩으로 이어진다' } },
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'positionalEncoding' }, says: { en: 'the Embedding feeds a Positional Encoding', ko: '임베딩이 위치 인코딩으로 이어진다' } },
      ],
      showMe: [
        { op: 'add', id: 'tokens', kind: 'tokenInput', at: [0, 1], params: { feed: 'tokens', time: 'T', length: T }, label: { en: 'Characters', ko: '글자' } },
        { op: 'add', id: 'embed', kind: 'embedding', at: [1, 1], params: { vocabSize: MOBY_VOCAB, dModel: 32 }, label: { en: 'Token embedding', ko: '토큰 임베딩' } },
        { op: 'connect', from: 'tokens', to: 'embed', toPort: 'in' },
        { op: 'add', id: 'pos', kind: 'positionalEncoding', at: [2, 1], params: { encoding: 'learned', maxLength: T }, label: { en: 'Positions', ko: '위치' } },
        { op: 'connect', from: 'embed', to: 'pos', toPort: 'in' },
      ],
    },
    {
      id: 'masked-attention',
      title: { en: 'Masked self-attention', ko: '마스크드 셀프 어텐션' },
      goal: {
        en: 'Add Multi-Head Attention (2 heads) with “causal” on, fed by the positions: the character at position t may attend to positions ≤ t only, so predicting t+1 never peeks at it.',
        ko: '위치 인코딩을 입력으로 받는 멀티 헤드 어텐션(헤드 2개)을 놓고 causal을 켜세요. t번째 글자는 t 이하의 위치만 볼 수 있으므로, t+1번째를 예측할 때 답을 엿보지 못합니다.',
      },
      hint: { en: 'The causal switch is in the inspector when the attention block is selected.', ko: '어텐션 블록을 선택하면 인스펙터에 causal 스위치가 있습니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'positionalEncoding' }, to: { kind: 'multiHeadAttention' }, port: 'query', says: { en: 'positional encoding feeds the first attention block', ko: '위치 인코딩이 첫 어텐션 블록으로 들어간다' } },
        { kind: 'hasBlock', block: { kind: 'multiHeadAttention', where: { causal: true } }, says: { en: 'the decoder’s attention has the causal mask', ko: '디코더의 어텐션에 인과 마스크가 있다' } },
      ],
      showMe: [
        { op: 'add', id: 'dec_attn', kind: 'multiHeadAttention', at: [3, 0], params: { heads: 2, causal: true }, label: { en: 'Masked self-attention', ko: '마스크드 셀프 어텐션' } },
        { op: 'connect', from: 'pos', to: 'dec_attn', toPort: 'query' },
      ],
    },
    {
      id: 'block',
      title: { en: 'The rest of the decoder block', ko: '디코더 블록의 나머지' },
      goal: {
        en: 'Complete the block: Add & Norm, Feed-forward (64 hidden), Add & Norm — as in the Transformer lesson, but with no encoder and no cross-attention.',
        ko: 'Add & Norm, 피드 포워드(은닉 64), Add & Norm으로 블록을 완성하세요. 트랜스포머 레슨과 같지만 인코더도, 크로스 어텐션도 없습니다.',
      },
      hint: { en: 'Residuals: the attention’s input into the first Add & Norm, the first Add & Norm’s output into the second.', ko: '잔차 연결: 어텐션의 입력을 첫 Add & Norm에, 첫 Add & Norm의 출력을 두 번째에 넣습니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'multiHeadAttention' }, to: { kind: 'addNorm' }, port: 'sublayer', says: { en: 'the attention feeds an Add & Norm', ko: '어텐션이 Add & Norm으로 들어간다' } },
        { kind: 'feeds', from: { kind: 'feedForward' }, to: { kind: 'addNorm' }, port: 'sublayer', says: { en: 'a Feed-forward feeds a second Add & Norm', ko: '피드 포워드가 두 번째 Add & Norm으로 들어간다' } },
      ],
      showMe: [
        { op: 'add', id: 'dec_norm1', kind: 'addNorm', at: [4, 1], label: { en: 'Add & Norm', ko: '잔차 연결 · 층 정규화' } },
        { op: 'connect', from: 'pos', to: 'dec_norm1', toPort: 'residual' },
        { op: 'connect', from: 'dec_attn', to: 'dec_norm1', toPort: 'sublayer' },
        { op: 'add', id: 'dec_ffn', kind: 'feedForward', at: [5, 0], params: { hidden: 64 }, label: { en: 'Feed-forward', ko: '피드 포워드' } },
        { op: 'connect', from: 'dec_norm1', to: 'dec_ffn', toPort: 'in' },
        { op: 'add', id: 'dec_norm2', kind: 'addNorm', at: [6, 1], label: { en: 'Add & Norm', ko: '잔차 연결 · 층 정규화' } },
        { op: 'connect', from: 'dec_norm1', to: 'dec_norm2', toPort: 'residual' },
        { op: 'connect', from: 'dec_ffn', to: 'dec_norm2', toPort: 'sublayer' },
      ],
    },
    {
      id: 'next-token',
      title: { en: 'Next-token pre-training', ko: '다음 토큰 예측으로 사전 학습' },
      goal: {
        en: 'Add a Dense of 69 units, a Target (the next character) and an LM loss head, and train on “moby-dick”: every position learns to predict the character after it, all in parallel.',
        ko: '유닛 69개의 Dense, 타깃(다음 글자), LM 손실 헤드를 놓고 moby-dick으로 학습하세요. 모든 위치가 동시에 자기 다음 글자를 예측하도록 배웁니다.',
      },
      hint: { en: 'The targets are the inputs shifted by one; the dataset builds them.', ko: '타깃은 입력을 한 칸 민 것이며, 데이터셋이 만들어 줍니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'addNorm' }, to: { kind: 'dense', where: { units: MOBY_VOCAB } }, says: { en: 'the block feeds a Dense of 69 units', ko: '블록이 유닛 69개인 Dense로 이어진다' } },
        { kind: 'training', field: 'dataset', value: 'moby-dick', says: { en: 'the graph trains on “moby-dick”', ko: '데이터셋이 moby-dick이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'logits', kind: 'dense', at: [7, 1], params: { units: MOBY_VOCAB }, label: { en: 'To vocabulary', ko: '어휘 점수' } },
        { op: 'connect', from: 'dec_norm2', to: 'logits', toPort: 'in' },
        { op: 'add', id: 'next', kind: 'target', at: [7, 2], params: { feed: 'targets', time: 'T' }, label: { en: 'Next character', ko: '다음 글자' } },
        { op: 'add', id: 'loss', kind: 'lmHead', at: [8, 1], label: { en: 'LM loss', ko: 'LM 손실' } },
        { op: 'connect', from: 'logits', to: 'loss', toPort: 'logits' },
        { op: 'connect', from: 'next', to: 'loss', toPort: 'targets' },
        { op: 'setTraining', patch: { dataset: 'moby-dick', steps: 120, batchSize: 16, learningRate: 3e-3, warmupSteps: 10 } },
      ],
    },
    {
      id: 'train-gpt',
      title: { en: 'Train it, and test the mask', ko: '학습하고 마스크 확인하기' },
      goal: {
        en: 'Train 120 steps. Then read the attention map on “call me ishmael”: everything above the diagonal must be zero.',
        ko: '120 스텝 학습한 뒤 “call me ishmael”에 대한 어텐션 맵을 보세요. 대각선 위는 모두 0이어야 합니다.',
      },
      hint: { en: 'Press Run observation.', ko: '관찰 실행을 누르세요.' },
      observe: {
        train: { run: 'gpt', ...TRAIN, sampling: { temperature: 0.2, topK: 0, beamWidth: 1, maxTokens: 60 } },
        claims: [
          { left: { run: 'gpt', metric: 'finalLoss' }, relation: '<', right: 3.0, says: { en: 'the loss falls well below guessing (ln 69 ≈ 4.23)', ko: '손실이 찍기 수준(ln 69 ≈ 4.23)보다 훨씬 낮아진다' } },
          { left: { run: 'gpt', metric: 'futureMass', block: { kind: 'multiHeadAttention' } }, relation: '<', right: 1e-6, says: { en: 'no position attends to a later one', ko: '어떤 위치도 뒤의 위치를 보지 않는다' } },
        ],
        result: {
          en: 'Loss {left0} after 120 steps (guessing: 4.23); attention above the diagonal: {left1}.',
          ko: '120 스텝 뒤 손실 {left0} (찍기: 4.23), 대각선 위 어텐션: {left1}.',
        },
      },
    },
    {
      id: 'sampling',
      title: { en: 'Sampling: temperature and top-k', ko: '샘플링: temperature와 top-k' },
      goal: {
        en: 'Generation feeds each sampled character back in. In the studio’s samples, set temperature 0.2, then 1.5: low temperature sharpens the softmax (safe, repetitive), high flattens it (varied, misspelt). Top-k keeps only the k most likely characters before sampling; top-p (nucleus) would keep the smallest set whose probabilities add up to p.',
        ko: '생성은 뽑은 글자를 다시 입력으로 넣으며 이어집니다. 스튜디오의 샘플에서 temperature를 0.2로, 다시 1.5로 바꿔 보세요. 낮으면 softmax가 뾰족해지고(안전하지만 반복적), 높으면 평평해집니다(다양하지만 철자가 틀림). top-k는 확률이 가장 높은 k개만 남기고 뽑으며, top-p(nucleus)는 확률 합이 p가 되는 가장 작은 집합만 남깁니다.',
      },
      hint: { en: 'Temperature 0 is greedy decoding: always the most likely character.', ko: 'temperature 0은 탐욕적 탐색(greedy)으로, 늘 가장 확률 높은 글자를 고릅니다.' },
      checks: [{ kind: 'hasBlock', block: { kind: 'multiHeadAttention', where: { causal: true } }, says: { en: 'the decoder keeps its causal mask', ko: '디코더에 인과 마스크가 그대로 있다' } }],
      observe: {
        // The same run as before (same seed, same weights), sampled hot: only the temperature differs.
        train: { run: 'hot', ...TRAIN, sampling: { temperature: 1.5, topK: 0, beamWidth: 1, maxTokens: 60 } },
        claims: [
          {
            left: { run: 'hot', metric: 'sampleDistinct' },
            relation: '>',
            right: { run: 'gpt', metric: 'sampleDistinct' },
            says: { en: 'at temperature 1.5 the sample uses more different characters than at 0.2', ko: 'temperature 1.5의 샘플이 0.2보다 더 여러 가지 글자를 쓴다' },
          },
        ],
        result: {
          en: 'Different characters in 60 sampled: {left0} at temperature 1.5, {right0} at 0.2.',
          ko: '뽑은 60글자 중 서로 다른 글자 수: temperature 1.5에서 {left0}, 0.2에서 {right0}.',
        },
      },
    },
  ],
};
