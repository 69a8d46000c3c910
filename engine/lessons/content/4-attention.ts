import type { LessonInput } from '../schema';
import { ADDITION_VOCAB, SEQ2SEQ_MODEL, SEQ2SEQ_TRAIN } from './3-seq2seq';

export const attentionLesson: LessonInput = {
  id: 'attention',
  order: 4,
  title: { en: 'Attention for seq2seq', ko: 'Seq2seq를 위한 어텐션' },
  summary: {
    en: 'Give the decoder of lesson 3 a look at every encoder state: at each output step it scores them, turns the scores into weights with softmax, and takes the weighted sum as its context. Compare the two models and read the alignment map.',
    ko: '레슨 3의 디코더가 인코더의 모든 은닉 상태를 보게 합니다. 출력 시점마다 점수를 매기고 softmax로 가중치를 만든 뒤, 가중합을 문맥으로 씁니다. 두 모델을 비교하고 정렬 맵을 읽습니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'baseline',
      title: { en: 'Lesson 3’s model', ko: '레슨 3의 모델' },
      goal: { en: 'Build lesson 3’s encoder–decoder (Show me builds it in one step).', ko: '레슨 3의 인코더–디코더를 만드세요 (보여 주기로 한 번에 만들 수 있습니다).' },
      hint: { en: 'Encoder LSTM → its final state and cell → Decoder LSTM → Dense (18) → Seq2seq loss.', ko: '인코더 LSTM → 마지막 상태와 셀 → 디코더 LSTM → Dense(18) → Seq2seq 손실.' },
      checks: [
        { kind: 'feeds', from: { kind: 'lstm' }, to: { kind: 'lstm' }, port: 'initialState', says: { en: 'an encoder LSTM starts a decoder LSTM', ko: '인코더 LSTM이 디코더 LSTM을 시작한다' } },
        { kind: 'training', field: 'dataset', value: 'addition', says: { en: 'the graph trains on “addition”', ko: '데이터셋이 addition이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: SEQ2SEQ_MODEL,
    },
    {
      id: 'train-baseline',
      title: { en: 'Train it without attention', ko: '어텐션 없이 학습' },
      goal: { en: 'Train 300 steps: this run is the baseline.', ko: '300 스텝 학습하세요. 이 학습이 기준선입니다.' },
      hint: { en: 'Press Run observation.', ko: '관찰 실행을 누르세요.' },
      observe: {
        train: { run: 'plain', ...SEQ2SEQ_TRAIN },
        claims: [{ left: { run: 'plain', metric: 'validationLoss' }, relation: '<', right: 2.8904, says: { en: 'the baseline learns (loss below ln 18)', ko: '기준선도 배운다 (손실이 ln 18보다 낮다)' } }],
        result: { en: 'Baseline held-out loss: {left0}.', ko: '기준선의 검증 손실: {left0}.' },
      },
    },
    {
      id: 'attend',
      title: { en: 'Luong attention', ko: 'Luong 어텐션' },
      goal: {
        en: 'Add an Attention block (score “general”, Luong): the decoder’s outputs are the query, the encoder’s outputs the keys, the source tokens mask the padding.',
        ko: '어텐션 블록(score general, Luong)을 놓으세요. 디코더의 출력이 쿼리(Query), 인코더의 출력이 키(Key)이고, 입력 토큰이 패딩을 마스킹합니다.',
      },
      hint: {
        en: 'Luong scores with a dot product (dot) or through a matrix (general); Bahdanau’s additive score is the “additive” option.',
        ko: 'Luong은 내적(dot)이나 행렬을 거친 내적(general)으로, Bahdanau는 additive 옵션(덧셈 방식)으로 점수를 매깁니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'lstm', where: { output: 'sequence' } }, to: { kind: 'attention' }, port: 'keys', says: { en: 'the encoder’s outputs are the attention’s keys', ko: '인코더의 출력이 어텐션의 키로 들어간다' } },
        { kind: 'feeds', from: { kind: 'lstm' }, to: { kind: 'attention' }, port: 'query', says: { en: 'the decoder’s outputs are the attention’s query', ko: '디코더의 출력이 어텐션의 쿼리로 들어간다' } },
      ],
      showMe: [
        { op: 'add', id: 'attn', kind: 'attention', at: [4, 1], params: { score: 'general' }, label: { en: 'Luong attention', ko: 'Luong 어텐션' } },
        { op: 'connect', from: 'decoder', to: 'attn', toPort: 'query' },
        { op: 'connect', from: 'encoder', to: 'attn', toPort: 'keys' },
        { op: 'connect', from: 'source', to: 'attn', toPort: 'keyTokens' },
      ],
    },
    {
      id: 'combine',
      title: { en: '[state; context] → output', ko: '[상태; 문맥] → 출력' },
      goal: {
        en: 'Concatenate the decoder state with the context, pass it through a Dense of 64 with tanh (the attentional state), and feed that to the output Dense instead of the bare decoder state.',
        ko: '디코더 상태와 문맥을 연결(Concatenate)하고, tanh를 쓰는 유닛 64개의 Dense(어텐션 상태)를 거쳐, 디코더 상태 대신 출력 Dense에 넣으세요.',
      },
      hint: { en: 'Dropping a connection onto the output Dense’s occupied input replaces the old one.', ko: '이미 연결된 출력 Dense의 입력에 새 연결을 놓으면 예전 연결을 대신합니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'attention' }, to: { kind: 'concat' }, says: { en: 'the context is concatenated with the decoder state', ko: '문맥이 디코더 상태와 연결된다' } },
        { kind: 'feeds', from: { kind: 'attention' }, to: { kind: 'dense', where: { units: ADDITION_VOCAB } }, maxHops: 3, says: { en: 'the context reaches the output layer', ko: '문맥이 출력 층까지 닿는다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'concat', kind: 'concat', at: [5, 2], label: { en: '[state; context]', ko: '[상태; 문맥]' } },
        { op: 'connect', from: 'decoder', to: 'concat', toPort: 'a' },
        { op: 'connect', from: 'attn', to: 'concat', toPort: 'b' },
        { op: 'add', id: 'attentional', kind: 'dense', at: [5, 3], params: { units: 64, activation: 'tanh' }, label: { en: 'Attentional state', ko: '어텐션 상태' } },
        { op: 'connect', from: 'concat', to: 'attentional', toPort: 'in' },
        { op: 'connect', from: 'attentional', to: 'logits', toPort: 'in' },
      ],
    },
    {
      id: 'compare',
      title: { en: 'Train again, read the alignment', ko: '다시 학습하고 정렬 맵 읽기' },
      goal: {
        en: 'Train 300 steps with the same settings, then open the attention map: rows are output characters, columns the input’s. Each answer digit looks at the input digits it depends on.',
        ko: '같은 설정으로 300 스텝 학습한 뒤 어텐션 맵을 여세요. 행은 출력 글자, 열은 입력 글자입니다. 답의 각 자리는 자기가 달린 입력 자리를 봅니다.',
      },
      hint: { en: 'Overlay the two runs in the studio to compare the curves.', ko: '스튜디오에서 두 학습을 겹쳐 곡선을 비교하세요.' },
      observe: {
        train: { run: 'attention', ...SEQ2SEQ_TRAIN, probe: '123+45' },
        claims: [
          {
            left: { run: 'attention', metric: 'validationLoss' },
            relation: '<',
            right: { run: 'plain', metric: 'validationLoss' },
            says: { en: 'with attention the held-out loss is lower than without', ko: '어텐션이 있으면 검증 손실이 없을 때보다 낮다' },
          },
        ],
        result: {
          en: 'Held-out loss after 300 steps: with attention {left0}, without {right0}.',
          ko: '300 스텝 뒤 검증 손실: 어텐션 있음 {left0}, 없음 {right0}.',
        },
      },
    },
  ],
};
