import type { LessonInput } from '../schema';

/** The addition dataset's characters: 7 special tokens and “0123456789+”. */
export const ADDITION_VOCAB = 18;
export const SEQ2SEQ_TRAIN = { dataset: 'addition', steps: 300, batchSize: 32, learningRate: 1e-2, warmupSteps: 20, seed: 2 } as const;

const ENCODER: LessonInput['tasks'][number]['showMe'] = [
  { op: 'add', id: 'source', kind: 'tokenInput', at: [0, 0], params: { feed: 'tokens', time: 'T_src', length: 7 }, label: { en: 'Sum to read', ko: '읽을 덧셈' } },
  { op: 'add', id: 'src_embed', kind: 'embedding', at: [1, 0], params: { vocabSize: ADDITION_VOCAB, dModel: 32 }, label: { en: 'Source embedding', ko: '입력 임베딩' } },
  { op: 'connect', from: 'source', to: 'src_embed', toPort: 'in' },
  { op: 'add', id: 'encoder', kind: 'lstm', at: [2, 0], params: { units: 64, output: 'sequence' }, label: { en: 'Encoder LSTM', ko: '인코더 LSTM' } },
  { op: 'connect', from: 'src_embed', to: 'encoder', toPort: 'in' },
];

const DECODER: LessonInput['tasks'][number]['showMe'] = [
  { op: 'add', id: 'decoder_in', kind: 'tokenInput', at: [0, 2], params: { feed: 'decoder_tokens', time: 'T_tgt', length: 5 }, label: { en: '[BOS] + answer', ko: '[BOS] + 정답' } },
  { op: 'add', id: 'tgt_embed', kind: 'embedding', at: [1, 2], params: { vocabSize: ADDITION_VOCAB, dModel: 32 }, label: { en: 'Target embedding', ko: '출력 임베딩' } },
  { op: 'connect', from: 'decoder_in', to: 'tgt_embed', toPort: 'in' },
  { op: 'add', id: 'decoder', kind: 'lstm', at: [3, 2], params: { units: 64, output: 'sequence' }, label: { en: 'Decoder LSTM', ko: '디코더 LSTM' } },
  { op: 'connect', from: 'tgt_embed', to: 'decoder', toPort: 'in' },
  { op: 'connect', from: 'encoder', fromPort: 'state', to: 'decoder', toPort: 'initialState' },
  { op: 'connect', from: 'encoder', fromPort: 'cell', to: 'decoder', toPort: 'initialCell' },
];

const READOUT: LessonInput['tasks'][number]['showMe'] = [
  { op: 'add', id: 'logits', kind: 'dense', at: [6, 2], params: { units: ADDITION_VOCAB }, label: { en: 'To characters', ko: '글자 점수' } },
  { op: 'connect', from: 'decoder', to: 'logits', toPort: 'in' },
  { op: 'add', id: 'target', kind: 'target', at: [6, 3], params: { feed: 'targets', time: 'T_tgt' }, label: { en: 'Answer + [EOS]', ko: '정답 + [EOS]' } },
  { op: 'add', id: 'loss', kind: 'seq2seqHead', at: [7, 2], label: { en: 'Seq2seq loss', ko: 'Seq2seq 손실' } },
  { op: 'connect', from: 'logits', to: 'loss', toPort: 'logits' },
  { op: 'connect', from: 'target', to: 'loss', toPort: 'targets' },
  { op: 'setTraining', patch: { dataset: 'addition', steps: 300, batchSize: 32, learningRate: 1e-2, warmupSteps: 20 } },
];

/** Lesson 3's finished model in one Show me, for the attention lesson that starts from it. */
export const SEQ2SEQ_MODEL = [...ENCODER, ...DECODER, ...READOUT];

export const seq2seqLesson: LessonInput = {
  id: 'seq2seq',
  order: 3,
  title: { en: 'Seq2seq: encoder, context vector, decoder', ko: 'Seq2seq: 인코더, 문맥 벡터, 디코더' },
  summary: {
    en: 'An encoder LSTM reads “123+45”; its last hidden state — the context vector — starts a decoder LSTM that writes “168”. Trained with teacher forcing, decoded greedily or with beam search.',
    ko: '인코더 LSTM이 “123+45”를 읽고, 그 마지막 은닉 상태인 문맥 벡터(context vector)로 디코더 LSTM을 시작해 “168”을 씁니다. 교사 강요(teacher forcing)로 학습하고, 탐욕적 탐색(greedy)이나 빔 서치(Beam Search)로 디코딩합니다.',
  },
  start: { kind: 'empty' },
  tasks: [
    {
      id: 'encoder',
      title: { en: 'The encoder', ko: '인코더 (Encoder)' },
      goal: {
        en: 'Add a Token Input for the sum (length 7), an Embedding (18 characters → 32) and an Encoder LSTM of 64 units.',
        ko: '덧셈을 받는 토큰 입력(길이 7), 임베딩(글자 18개 → 32), 유닛 64개의 인코더 LSTM을 놓고 연결하세요.',
      },
      hint: { en: 'The encoder’s outputs per step are not needed yet; its final state and cell are.', ko: '인코더의 시점별 출력은 아직 쓰지 않고, 마지막 상태(state)와 셀(cell)을 씁니다.' },
      checks: [{ kind: 'feeds', from: { kind: 'tokenInput', where: { feed: 'tokens' } }, to: { kind: 'lstm' }, maxHops: 2, says: { en: 'the sum’s tokens reach an encoder LSTM', ko: '덧셈 토큰이 인코더 LSTM에 닿는다' } }],
      showMe: ENCODER,
    },
    {
      id: 'context',
      title: { en: 'Context vector → decoder', ko: '문맥 벡터 → 디코더' },
      goal: {
        en: 'Add the decoder: a Token Input of decoder tokens (length 5), its Embedding, and a Decoder LSTM whose initial state and cell come from the encoder’s final state and cell — the context vector.',
        ko: '디코더를 놓으세요. 디코더 토큰 입력(길이 5), 그 임베딩, 그리고 초기 상태와 셀을 인코더의 마지막 상태와 셀(문맥 벡터)에서 받는 디코더 LSTM입니다.',
      },
      hint: {
        en: 'Teacher forcing: in training the decoder reads the true previous character ([BOS] then the answer), not its own guess; at inference it reads its own output.',
        ko: '교사 강요: 학습 때 디코더는 자기 추측이 아니라 실제 이전 글자([BOS] 다음 정답)를 읽고, 추론 때는 자기 출력을 읽습니다.',
      },
      checks: [
        { kind: 'feeds', from: { kind: 'lstm' }, to: { kind: 'lstm' }, port: 'initialState', says: { en: 'the encoder’s state starts the decoder', ko: '인코더의 상태가 디코더를 시작한다' } },
        { kind: 'feeds', from: { kind: 'tokenInput', where: { feed: 'decoder_tokens' } }, to: { kind: 'lstm' }, maxHops: 2, says: { en: 'the decoder reads the decoder tokens (teacher forcing)', ko: '디코더가 디코더 토큰을 읽는다 (교사 강요)' } },
      ],
      showMe: DECODER,
    },
    {
      id: 'readout',
      title: { en: 'Characters out', ko: '글자 출력' },
      goal: {
        en: 'Add a Dense of 18 units after the decoder, a Target (the answer then [EOS]) and a Seq2seq loss head; train on “addition”.',
        ko: '디코더 뒤에 유닛 18개의 Dense, 타깃(정답 다음 [EOS]), Seq2seq 손실 헤드를 놓고 데이터셋을 addition으로 하세요.',
      },
      hint: { en: 'The problems list names anything still missing.', ko: '아직 빠진 것은 문제 목록이 알려 줍니다.' },
      checks: [
        { kind: 'hasBlock', block: { kind: 'seq2seqHead' }, says: { en: 'a Seq2seq loss head is on the canvas', ko: 'Seq2seq 손실 헤드가 있다' } },
        { kind: 'training', field: 'dataset', value: 'addition', says: { en: 'the graph trains on “addition”', ko: '데이터셋이 addition이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: READOUT,
    },
    {
      id: 'train',
      title: { en: 'Train; greedy and beam', ko: '학습, 그리고 greedy와 빔' },
      goal: {
        en: 'Train 300 steps. The studio’s samples decode your probe twice: greedy (the likeliest character at each step) and beam search (the likeliest few partial answers kept side by side).',
        ko: '300 스텝 학습하세요. 스튜디오의 샘플은 입력을 두 번 디코딩합니다. 탐욕적 탐색은 시점마다 가장 그럴듯한 글자를, 빔 서치는 가장 그럴듯한 후보 몇 개를 나란히 유지합니다.',
      },
      hint: { en: 'Type a sum such as “57+68” as the probe and compare the two answers.', ko: '“57+68” 같은 덧셈을 입력하고 두 답을 비교해 보세요.' },
      observe: {
        train: { run: 'seq2seq', ...SEQ2SEQ_TRAIN, probe: '57+68', sampling: { temperature: 0, topK: 0, beamWidth: 4, maxTokens: 5 } },
        claims: [
          { left: { run: 'seq2seq', metric: 'validationLoss' }, relation: '<', right: 2.8904, says: { en: 'held-out loss below guessing (ln 18 ≈ 2.89)', ko: '검증 손실이 찍기 수준(ln 18 ≈ 2.89)보다 낮다' } },
          {
            left: { run: 'seq2seq', metric: 'beamGain' },
            relation: '>',
            right: -1e-6,
            says: { en: 'on “57+68”, beam search (width 4) finds an answer at least as likely as greedy’s', ko: '“57+68”에서 빔 서치(폭 4)가 greedy만큼, 또는 더 그럴듯한 답을 찾는다' },
          },
        ],
        result: {
          en: 'Held-out loss {left0} after 300 steps; beam’s answer scores {left1} nats above greedy’s (0 when both find the same answer). The whole sum has to pass through one vector of 64 numbers: the bottleneck the next lesson removes.',
          ko: '300 스텝 뒤 검증 손실 {left0}. 빔의 답은 greedy의 답보다 로그 확률이 {left1}만큼 높습니다 (둘이 같은 답을 찾으면 0). 덧셈 전체가 숫자 64개짜리 벡터 하나를 지나야 합니다. 다음 레슨이 없애는 병목입니다.',
        },
      },
    },
  ],
};
