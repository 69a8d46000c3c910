import type { LessonInput } from '../schema';

const REVERSE_VOCAB = 27;
const TRAIN = { dataset: 'reverse', steps: 200, batchSize: 64, learningRate: 1e-2, warmupSteps: 20, seed: 1, probe: 'abc123' } as const;

export const transformerLesson: LessonInput = {
  id: 'transformer',
  order: 5,
  title: { en: 'The Transformer block by hand', ko: '트랜스포머 블록 직접 만들기' },
  summary: {
    en: 'Build an encoder block piece by piece — positional encoding, multi-head self-attention, add & norm, feed-forward — stack it twice, and teach it to reverse a sequence. Then watch the attention map turn anti-diagonal, and see what a causal mask takes away.',
    ko: '위치 인코딩, 멀티 헤드 셀프 어텐션, 잔차 연결과 층 정규화, 피드 포워드 신경망을 하나씩 붙여 인코더 블록을 만들고 두 번 쌓아, 시퀀스를 뒤집도록 학습시킵니다. 어텐션 맵이 반대각선을 그리는 것을 보고, 인과 마스크가 무엇을 가리는지 확인합니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'tokens',
      title: { en: 'Tokens in, vectors out', ko: '토큰을 벡터로' },
      goal: {
        en: 'Add a Token Input (length 8) and connect it to an Embedding of 27 symbols into 32 dimensions (d_model).',
        ko: '길이 8의 토큰 입력(Token Input)을 놓고, 기호 27개를 32차원(d_model)으로 바꾸는 임베딩(Embedding)에 연결하세요.',
      },
      hint: {
        en: 'Both blocks are in the palette under Inputs and Embeddings. Drag from the Token Input’s right handle to the Embedding’s input.',
        ko: '두 블록 모두 팔레트의 입력(Inputs)과 임베딩(Embeddings) 아래에 있습니다. 토큰 입력의 오른쪽 핸들에서 임베딩의 입력으로 끌어 연결하세요.',
      },
      checks: [
        { kind: 'hasBlock', block: { kind: 'tokenInput', where: { length: 8 } }, says: { en: 'a Token Input of length 8 is on the canvas', ko: '길이 8의 토큰 입력이 캔버스에 있다' } },
        { kind: 'feeds', from: { kind: 'tokenInput' }, to: { kind: 'embedding', where: { dModel: 32 } }, says: { en: 'the Token Input feeds an Embedding with d_model 32', ko: '토큰 입력이 d_model 32인 임베딩으로 이어진다' } },
      ],
      showMe: [
        { op: 'add', id: 'tokens', kind: 'tokenInput', at: [0, 1], params: { feed: 'tokens', time: 'T', length: 8 }, label: { en: 'Symbols', ko: '기호' } },
        { op: 'add', id: 'embed', kind: 'embedding', at: [1, 1], params: { vocabSize: REVERSE_VOCAB, dModel: 32 }, label: { en: 'Token embedding', ko: '토큰 임베딩' } },
        { op: 'connect', from: 'tokens', to: 'embed', toPort: 'in' },
      ],
    },
    {
      id: 'positions',
      title: { en: 'Positional encoding', ko: '위치 인코딩 (포지셔널 인코딩)' },
      goal: {
        en: 'Attention has no sense of order by itself. Add a Positional Encoding after the embedding so each position gets its own vector. Pick “learned” (one trained vector per position, as BERT and GPT do); “sinusoidal” is the fixed sin/cos pattern of the original paper, and learns this small task more slowly.',
        ko: '어텐션은 그 자체로는 순서를 모릅니다. 임베딩 뒤에 위치 인코딩을 붙여 위치마다 고유한 벡터를 더하세요. learned(위치마다 학습되는 벡터, BERT와 GPT의 방식)를 고르세요. sinusoidal은 원 논문의 고정된 sin/cos 패턴으로, 이 작은 과제는 더 느리게 배웁니다.',
      },
      hint: {
        en: 'Positional Encoding is under Embeddings; set its encoding to “learned” and its maximum length to 8.',
        ko: '위치 인코딩은 임베딩(Embeddings) 아래에 있습니다. 방식은 learned로, 최대 길이는 8로 하세요.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'embedding' }, to: { kind: 'positionalEncoding', where: { encoding: 'learned' } }, says: { en: 'the Embedding feeds a learned Positional Encoding', ko: '임베딩이 learned 위치 인코딩으로 이어진다' } },
      ],
      showMe: [
        { op: 'add', id: 'pos', kind: 'positionalEncoding', at: [2, 1], params: { encoding: 'learned', maxLength: 8 }, label: { en: 'Positions', ko: '위치' } },
        { op: 'connect', from: 'embed', to: 'pos', toPort: 'in' },
      ],
    },
    {
      id: 'attention',
      title: { en: 'Scaled dot-product, many heads', ko: '스케일드 닷-프로덕트에서 멀티 헤드로' },
      goal: {
        en: 'Add Multi-Head Attention with 2 heads. Its query, key and value are linear maps of the same input: softmax(QKᵀ/√d_k)V in each head, heads joined by W^O. Feed it the positions, and the Token Input into its key tokens so padding is masked.',
        ko: '헤드 2개인 멀티 헤드 어텐션을 놓으세요. 쿼리(Query)·키(Key)·밸류(Value)는 같은 입력의 선형 변환이고, 헤드마다 softmax(QKᵀ/√d_k)V를 계산한 뒤 W^O로 합칩니다. 위치 인코딩을 입력으로, 토큰 입력을 key tokens에 연결해 패딩을 마스킹하세요.',
      },
      hint: {
        en: 'With no memory connected, Multi-Head Attention attends over its own input: self-attention.',
        ko: 'memory를 연결하지 않으면 멀티 헤드 어텐션은 자기 입력을 봅니다. 이것이 셀프 어텐션입니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'positionalEncoding' }, to: { kind: 'multiHeadAttention' }, port: 'query', says: { en: 'positional encoding feeds the first attention block', ko: '위치 인코딩이 첫 어텐션 블록의 query로 들어간다' } },
        { kind: 'feeds', from: { kind: 'tokenInput' }, to: { kind: 'multiHeadAttention' }, port: 'keyTokens', says: { en: 'the tokens reach the attention’s key tokens (padding mask)', ko: '토큰이 어텐션의 key tokens로 들어간다 (패딩 마스크)' } },
      ],
      showMe: [
        { op: 'add', id: 'enc_attn', kind: 'multiHeadAttention', at: [3, 0], params: { heads: 2, causal: false }, label: { en: 'Self-attention', ko: '셀프 어텐션' } },
        { op: 'connect', from: 'pos', to: 'enc_attn', toPort: 'query' },
        { op: 'connect', from: 'tokens', to: 'enc_attn', toPort: 'keyTokens' },
      ],
    },
    {
      id: 'add-norm',
      title: { en: 'Add & Norm', ko: '잔차 연결과 층 정규화 (Add & Norm)' },
      goal: {
        en: 'Add an Add & Norm: the attention’s output into its sublayer input, and the attention’s own input (the positions) into its residual input.',
        ko: 'Add & Norm을 놓고, 어텐션의 출력을 sublayer에, 어텐션의 입력(위치 인코딩)을 residual에 연결하세요.',
      },
      hint: {
        en: 'The residual path lets the signal (and the gradient) skip the sub-layer; Layer Normalization keeps its scale steady.',
        ko: '잔차 연결은 신호와 기울기가 하위 층을 건너뛰게 하고, 층 정규화는 그 크기를 일정하게 유지합니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'multiHeadAttention' }, to: { kind: 'addNorm' }, port: 'sublayer', says: { en: 'the attention feeds an Add & Norm’s sublayer input', ko: '어텐션이 Add & Norm의 sublayer로 들어간다' } },
        { kind: 'feeds', from: { kind: 'positionalEncoding' }, to: { kind: 'addNorm' }, port: 'residual', says: { en: 'the attention’s input reaches the Add & Norm as the residual', ko: '어텐션의 입력이 residual로 Add & Norm에 들어간다' } },
      ],
      showMe: [
        { op: 'add', id: 'enc_norm1', kind: 'addNorm', at: [4, 1], label: { en: 'Add & Norm', ko: '잔차 연결 · 층 정규화' } },
        { op: 'connect', from: 'pos', to: 'enc_norm1', toPort: 'residual' },
        { op: 'connect', from: 'enc_attn', to: 'enc_norm1', toPort: 'sublayer' },
      ],
    },
    {
      id: 'feed-forward',
      title: { en: 'Position-wise feed-forward', ko: '위치별 피드 포워드 신경망' },
      goal: {
        en: 'Add a Feed-forward (Linear → ReLU → Linear, 64 hidden) after the Add & Norm, and a second Add & Norm around it.',
        ko: 'Add & Norm 뒤에 피드 포워드(Linear → ReLU → Linear, 은닉 64)를 붙이고, 그 둘레에 두 번째 Add & Norm을 두세요.',
      },
      hint: {
        en: 'The second Add & Norm takes the first one’s output as residual and the feed-forward’s output as sublayer.',
        ko: '두 번째 Add & Norm은 첫 번째의 출력을 residual로, 피드 포워드의 출력을 sublayer로 받습니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'addNorm' }, to: { kind: 'feedForward' }, says: { en: 'an Add & Norm feeds a Feed-forward', ko: 'Add & Norm이 피드 포워드로 이어진다' } },
        { kind: 'feeds', from: { kind: 'feedForward' }, to: { kind: 'addNorm' }, port: 'sublayer', says: { en: 'the Feed-forward feeds a second Add & Norm', ko: '피드 포워드가 두 번째 Add & Norm으로 들어간다' } },
      ],
      showMe: [
        { op: 'add', id: 'enc_ffn', kind: 'feedForward', at: [5, 0], params: { hidden: 64, activation: 'relu' }, label: { en: 'Feed-forward', ko: '피드 포워드' } },
        { op: 'connect', from: 'enc_norm1', to: 'enc_ffn', toPort: 'in' },
        { op: 'add', id: 'enc_norm2', kind: 'addNorm', at: [6, 1], label: { en: 'Add & Norm', ko: '잔차 연결 · 층 정규화' } },
        { op: 'connect', from: 'enc_norm1', to: 'enc_norm2', toPort: 'residual' },
        { op: 'connect', from: 'enc_ffn', to: 'enc_norm2', toPort: 'sublayer' },
      ],
    },
    {
      id: 'stack',
      title: { en: 'Stack it: ×N', ko: 'N번 쌓기 (×N)' },
      goal: {
        en: 'Select the attention, both Add & Norms and the feed-forward, group them, and set the group’s repeat to 2: two encoder layers, each with its own weights.',
        ko: '어텐션, Add & Norm 두 개, 피드 포워드를 선택해 그룹으로 묶고 반복 횟수를 2로 하세요. 가중치가 각각 따로인 인코더 층 두 개가 됩니다.',
      },
      hint: {
        en: 'Group Selection is in the canvas’ context menu; the repeat count is in the inspector when the group is selected.',
        ko: '선택 항목 그룹화는 캔버스의 오른쪽 클릭 메뉴에 있고, 그룹을 선택하면 인스펙터에서 반복 횟수를 바꿀 수 있습니다.',
      },
      checks: [{ kind: 'groupRepeat', contains: { kind: 'multiHeadAttention' }, min: 2, says: { en: 'the attention is in a group repeated at least twice', ko: '어텐션이 두 번 이상 반복되는 그룹 안에 있다' } }],
      showMe: [{ op: 'group', id: 'encoder', nodes: ['enc_attn', 'enc_norm1', 'enc_ffn', 'enc_norm2'], label: { en: 'Encoder block', ko: '인코더 블록' }, repeat: 2 }],
    },
    {
      id: 'output',
      title: { en: 'Read out and score', ko: '출력과 손실' },
      goal: {
        en: 'After the stack, add a Dense of 27 units (one score per symbol), a Target fed by the dataset, and a per-token loss head (cross-entropy). Train on “reverse”.',
        ko: '쌓은 층 뒤에 유닛 27개(기호마다 점수 하나)인 Dense, 데이터셋이 채우는 타깃(Target), 토큰별 손실 헤드(교차 엔트로피 손실)를 놓고, 데이터셋을 reverse로 하세요.',
      },
      hint: {
        en: 'The LM head takes the logits and the targets; the graph is ready when the problems list is empty.',
        ko: 'LM 헤드는 logits와 targets를 받습니다. 문제 목록이 비면 그래프가 완성된 것입니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'addNorm' }, to: { kind: 'dense', where: { units: REVERSE_VOCAB } }, says: { en: 'the last Add & Norm feeds a Dense of 27 units', ko: '마지막 Add & Norm이 유닛 27개인 Dense로 이어진다' } },
        { kind: 'training', field: 'dataset', value: 'reverse', says: { en: 'the graph trains on the “reverse” dataset', ko: '데이터셋이 reverse이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'logits', kind: 'dense', at: [7, 1], params: { units: REVERSE_VOCAB }, label: { en: 'To symbols', ko: '기호 점수' } },
        { op: 'connect', from: 'enc_norm2', to: 'logits', toPort: 'in' },
        { op: 'add', id: 'reversed', kind: 'target', at: [7, 2], params: { feed: 'targets', time: 'T' }, label: { en: 'Reversed symbols', ko: '뒤집힌 기호' } },
        { op: 'add', id: 'loss', kind: 'lmHead', at: [8, 1], label: { en: 'Per-token loss', ko: '토큰별 손실' } },
        { op: 'connect', from: 'logits', to: 'loss', toPort: 'logits' },
        { op: 'connect', from: 'reversed', to: 'loss', toPort: 'targets' },
        { op: 'setTraining', patch: { dataset: 'reverse', steps: 200, batchSize: 64, learningRate: 1e-2, warmupSteps: 20 } },
      ],
    },
    {
      id: 'train-reverse',
      title: { en: 'Train, and read the map', ko: '학습하고 어텐션 맵 읽기' },
      goal: {
        en: 'Train 200 steps. Then open the attention map of layer 2 on the probe “abc123”: to write position i, the model looks at position n−1−i.',
        ko: '200 스텝 학습한 뒤 probe “abc123”에 대한 2층의 어텐션 맵을 여세요. i번째 출력을 쓰려고 모델은 n−1−i번째 위치를 봅니다.',
      },
      hint: {
        en: 'Press Run observation: it trains with the lesson’s settings and measures the map.',
        ko: '관찰 실행을 누르면 레슨의 설정으로 학습하고 맵을 측정합니다.',
      },
      observe: {
        train: { run: 'bidirectional', ...TRAIN },
        claims: [
          { left: { run: 'bidirectional', metric: 'validationAccuracy' }, relation: '>', right: 0.9, says: { en: 'held-out token accuracy above 90 %', ko: '검증 토큰 정확도가 90 %를 넘는다' } },
          {
            left: { run: 'bidirectional', metric: 'antiDiagonalMass', block: { kind: 'multiHeadAttention' }, copy: 1 },
            relation: '>',
            right: 0.5,
            says: { en: 'layer 2 puts most of its attention on the anti-diagonal', ko: '2층 어텐션의 대부분이 반대각선에 놓인다' },
          },
        ],
        result: {
          en: 'Held-out accuracy {left0}; layer 2 puts {left1} of its attention on the anti-diagonal (a uniform map would put 1/6).',
          ko: '검증 정확도 {left0}, 2층은 어텐션의 {left1}를 반대각선에 둡니다 (고르게 보면 1/6).',
        },
      },
    },
    {
      id: 'causal',
      title: { en: 'The causal mask', ko: '인과 마스크 (causal mask)' },
      goal: {
        en: 'Turn on “causal” in the attention: each position may now look only at itself and earlier positions, as in a decoder. Train again and compare.',
        ko: '어텐션의 causal을 켜세요. 이제 각 위치는 디코더처럼 자기 자신과 앞의 위치만 볼 수 있습니다. 다시 학습해 비교하세요.',
      },
      hint: {
        en: 'The first half of a reversed sequence comes from the input’s second half — which the mask now hides.',
        ko: '뒤집힌 시퀀스의 앞 절반은 입력의 뒤 절반에서 옵니다. 마스크가 바로 그 부분을 가립니다.',
      },
      checks: [{ kind: 'hasBlock', block: { kind: 'multiHeadAttention', where: { causal: true } }, says: { en: 'the attention has the causal mask', ko: '어텐션에 인과 마스크가 켜져 있다' } }],
      showMe: [{ op: 'setParam', node: 'enc_attn', param: 'causal', value: true }],
      observe: {
        train: { run: 'causal', ...TRAIN },
        claims: [
          {
            left: { run: 'causal', metric: 'futureMass', block: { kind: 'multiHeadAttention' }, copy: 0 },
            relation: '<',
            right: 1e-6,
            says: { en: 'no attention reaches a later position', ko: '어텐션이 뒤의 위치에 전혀 닿지 않는다' },
          },
          {
            left: { run: 'causal', metric: 'validationAccuracy' },
            relation: '<',
            right: { run: 'bidirectional', metric: 'validationAccuracy' },
            says: { en: 'reversing fails without seeing the future', ko: '뒤를 못 보면 뒤집기에 실패한다' },
          },
        ],
        result: {
          en: 'Attention above the diagonal: {left0}. Held-out accuracy fell from {right1} to {left1}: the mask is why a decoder can be trained on whole sequences at once without cheating.',
          ko: '대각선 위의 어텐션: {left0}. 검증 정확도는 {right1}에서 {left1}로 떨어졌습니다. 이 마스크 덕분에 디코더는 미래를 엿보지 않고도 문장 전체를 한 번에 병렬로 학습합니다.',
        },
      },
    },
  ],
};
