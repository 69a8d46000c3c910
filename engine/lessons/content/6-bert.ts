import type { LessonInput } from '../schema';

const ENCODER_BLOCKS = ['embed', 'pos', 'enc_attn', 'enc_norm1', 'enc_ffn', 'enc_norm2'];
const FINE_TUNE = { dataset: 'sentiment', steps: 150, batchSize: 32, learningRate: 1e-3, warmupSteps: 15, seed: 4 } as const;

export const bertLesson: LessonInput = {
  id: 'bert',
  order: 6,
  title: { en: 'BERT: pre-train, then fine-tune or freeze', ko: 'BERT: 사전 학습, 그리고 미세 조정과 고정' },
  summary: {
    en: 'An encoder-only Transformer learns from unlabelled review sentences by filling in masked words. Its vector at [CLS] then classifies reviews: trained further (fine-tuning) or kept fixed as a feature extractor (freezing).',
    ko: '인코더만 있는 트랜스포머가 레이블 없는 리뷰 문장의 가려진 단어를 맞히며 배웁니다. 그다음 [CLS] 위치의 벡터로 리뷰를 분류합니다. 계속 학습하거나(미세 조정, 파인 튜닝) 특징 추출기로 고정합니다.',
  },
  start: { kind: 'template', template: 'bert-reviews' },
  tasks: [
    {
      id: 'mlm',
      title: { en: 'Masked language modelling', ko: '마스크드 언어 모델 (MLM)' },
      goal: {
        en: 'Read the graph: two bidirectional encoder blocks (no causal mask) and a masked-LM head. In each sentence 40 % of the words are picked (BERT picks 15 %; reviews are short) and most become [MASK]. BERT’s loss asks for the original word only there; this graph’s data asks for every word, hidden or not, so that the vector at every position is trained. Every sentence starts with [CLS].',
        ko: '그래프를 읽어 보세요. 인과 마스크 없는 양방향 인코더 블록 두 개와 MLM 헤드가 있습니다. 문장마다 단어의 40 %를 골라(BERT는 15 %, 리뷰는 문장이 짧습니다) 대부분 [MASK]로 바꿉니다. BERT의 손실은 그 자리의 원래 단어만 묻지만, 이 그래프의 데이터는 가려졌든 아니든 모든 단어를 묻습니다. 그래서 모든 위치의 벡터가 학습됩니다. 모든 문장은 [CLS]로 시작합니다.',
      },
      hint: { en: 'The data tab of the studio shows masked examples.', ko: '스튜디오의 데이터 정보 탭에서 마스킹된 예시를 볼 수 있습니다.' },
      checks: [
        { kind: 'hasBlock', block: { kind: 'maskedLmHead' }, says: { en: 'a masked-LM head is on the canvas', ko: 'MLM 헤드가 캔버스에 있다' } },
        { kind: 'lacksBlock', block: { kind: 'multiHeadAttention', where: { causal: true } }, says: { en: 'no attention is causal: BERT reads both ways', ko: '인과 마스크가 있는 어텐션이 없다 (BERT는 양방향으로 읽는다)' } },
        { kind: 'training', field: 'dataset', value: 'reviews-mlm', says: { en: 'the graph trains on “reviews-mlm”', ko: '데이터셋이 reviews-mlm이다' } },
      ],
    },
    {
      id: 'pretrain',
      title: { en: 'Pre-train', ko: '사전 학습' },
      goal: {
        en: 'Train 150 steps, then Save: the file keeps the trained encoder for the fine-tuning below.',
        ko: '150 스텝 학습한 뒤 저장하세요. 파일에 학습된 인코더가 남아, 아래 미세 조정에서 씁니다.',
      },
      hint: { en: 'Press Run observation, then Save (Ctrl+S).', ko: '관찰 실행을 누른 뒤 저장(Ctrl+S)하세요.' },
      observe: {
        train: { run: 'mlm', dataset: 'reviews-mlm', steps: 150, batchSize: 16, learningRate: 2e-3, warmupSteps: 15, seed: 4 },
        claims: [{ left: { run: 'mlm', metric: 'finalLoss' }, relation: '<', right: 7.67, says: { en: 'the masked-word loss falls below guessing (ln 2143 ≈ 7.67)', ko: '가려진 단어의 손실이 찍기 수준(ln 2143 ≈ 7.67)보다 낮아진다' } }],
        result: { en: 'Masked-word loss after 150 steps: {left0}.', ko: '150 스텝 뒤 가려진 단어의 손실: {left0}.' },
      },
    },
    {
      id: 'segments',
      title: { en: '[SEP] and segment embeddings', ko: '[SEP]와 세그먼트 임베딩' },
      goal: {
        en: 'For sentence pairs BERT writes [CLS] A [SEP] B [SEP] and adds a segment vector (A or B) to every token. On such pairs it pre-trains a second task beside the masked words, next-sentence prediction: half the time B is the sentence that follows A, half the time a random one, and a classifier on the [CLS] vector tells which (the BERT-mini template trains both). Add a Segment Embedding between the token embedding and the positions, fed by a Token Input of the “segments” feed.',
        ko: '문장 쌍을 [CLS] A [SEP] B [SEP]로 쓰고, 모든 토큰에 세그먼트 벡터(A 또는 B)를 더합니다. BERT는 이런 문장 쌍으로 가려진 단어 맞히기와 함께 두 번째 과제인 다음 문장 예측(NSP)도 사전 학습합니다. 절반은 B가 A 바로 다음 문장이고 절반은 무작위 문장이며, [CLS] 벡터 위의 분류기가 어느 쪽인지 맞힙니다 (BERT-mini 템플릿은 두 과제를 함께 학습합니다). 토큰 임베딩과 위치 인코딩 사이에 세그먼트 임베딩을 넣고, segments 피드의 토큰 입력을 연결하세요.',
      },
      hint: { en: 'Here every review is one sentence, so all segment ids are A; the sentence-pair dataset uses both.', ko: '여기서는 리뷰가 모두 한 문장이라 세그먼트가 모두 A입니다. 문장 쌍 데이터셋은 둘 다 씁니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'segmentEmbedding' }, to: { kind: 'positionalEncoding' }, says: { en: 'a Segment Embedding feeds the positions', ko: '세그먼트 임베딩이 위치 인코딩으로 이어진다' } },
        { kind: 'feeds', from: { kind: 'tokenInput', where: { feed: 'segments' } }, to: { kind: 'segmentEmbedding' }, port: 'segments', says: { en: 'the segment ids reach it', ko: '세그먼트 번호가 들어간다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'add', id: 'segments', kind: 'tokenInput', at: [0, 2], params: { feed: 'segments', time: 'T', length: 32 }, label: { en: 'Segment ids', ko: '세그먼트 번호' } },
        { op: 'add', id: 'segment_embed', kind: 'segmentEmbedding', at: [1, 2], params: { numSegments: 2 }, label: { en: 'Segment embedding', ko: '세그먼트 임베딩' } },
        { op: 'connect', from: 'embed', to: 'segment_embed', toPort: 'in' },
        { op: 'connect', from: 'segments', to: 'segment_embed', toPort: 'segments' },
        { op: 'connect', from: 'segment_embed', to: 'pos', toPort: 'in' },
      ],
    },
    {
      id: 'classifier',
      title: { en: 'A classifier on [CLS]', ko: '[CLS] 위의 분류기' },
      goal: {
        en: 'Fine-tuning data is single reviews with a label: remove the segment blocks again (wire the embedding straight to the positions), replace the masked-LM output by a Pooling (first: the [CLS] vector) → Dense (2) → classification loss, and train on “sentiment”. The encoder blocks keep their ids, so the saved weights fit them.',
        ko: '미세 조정 데이터는 레이블이 붙은 리뷰 한 문장씩입니다. 세그먼트 블록을 다시 빼고(임베딩을 위치 인코딩에 바로 연결), MLM 출력을 풀링(first: [CLS] 벡터) → Dense(2) → 분류 손실로 바꾼 뒤 sentiment로 학습하세요. 인코더 블록의 id가 그대로라 저장한 가중치가 맞습니다.',
      },
      hint: { en: 'Then “Load weights from…” the file you saved: the list shows which blocks take the pre-trained weights.', ko: '그다음 “가중치 불러오기…”로 저장한 파일을 고르면, 어떤 블록이 사전 학습된 가중치를 받는지 목록이 보여 줍니다.' },
      checks: [
        { kind: 'feeds', from: { kind: 'pooling', where: { mode: 'first' } }, to: { kind: 'dense' }, says: { en: 'the [CLS] vector feeds a Dense layer', ko: '[CLS] 벡터가 Dense로 이어진다' } },
        { kind: 'hasBlock', block: { kind: 'classifierHead' }, says: { en: 'a classification loss head is on the canvas', ko: '분류 손실 헤드가 있다' } },
        { kind: 'lacksBlock', block: { kind: 'maskedLmHead' }, says: { en: 'the masked-LM head is gone', ko: 'MLM 헤드가 없다' } },
        { kind: 'training', field: 'dataset', value: 'sentiment', says: { en: 'the graph trains on “sentiment”', ko: '데이터셋이 sentiment이다' } },
        { kind: 'valid', says: { en: 'the graph has no errors', ko: '그래프에 오류가 없다' } },
      ],
      showMe: [
        { op: 'remove', node: 'segment_embed' },
        { op: 'remove', node: 'segments' },
        { op: 'connect', from: 'embed', to: 'pos', toPort: 'in' },
        { op: 'remove', node: 'logits' },
        { op: 'remove', node: 'original' },
        { op: 'remove', node: 'loss' },
        { op: 'add', id: 'cls', kind: 'pooling', at: [7, 1], params: { mode: 'first' }, label: { en: '[CLS] vector', ko: '[CLS] 벡터' } },
        { op: 'connect', from: 'enc_norm2', to: 'cls', toPort: 'in' },
        { op: 'add', id: 'classify', kind: 'dense', at: [8, 1], params: { units: 2 }, label: { en: 'To classes', ko: '클래스 점수' } },
        { op: 'connect', from: 'cls', to: 'classify', toPort: 'in' },
        { op: 'add', id: 'label', kind: 'target', at: [8, 2], params: { feed: 'labels', time: 'T' }, label: { en: 'Sentiment', ko: '감성 레이블' } },
        { op: 'add', id: 'classifier_loss', kind: 'classifierHead', at: [9, 1], label: { en: 'Classification loss', ko: '분류 손실' } },
        { op: 'connect', from: 'classify', to: 'classifier_loss', toPort: 'logits' },
        { op: 'connect', from: 'label', to: 'classifier_loss', toPort: 'targets' },
        { op: 'setTraining', patch: { dataset: 'sentiment', steps: 150, batchSize: 32, learningRate: 1e-3, warmupSteps: 15 } },
      ],
    },
    {
      id: 'finetune',
      title: { en: 'Fine-tune', ko: '미세 조정 (파인 튜닝)' },
      goal: {
        en: 'Train 150 steps with every block learning: the encoder adapts to the labels (starting from the pre-trained weights if you loaded them).',
        ko: '모든 블록이 배우도록 150 스텝 학습하세요. 인코더가 레이블에 맞춰 바뀝니다 (가중치를 불러왔다면 사전 학습된 가중치에서 시작합니다).',
      },
      hint: { en: 'Press Run observation.', ko: '관찰 실행을 누르세요.' },
      observe: {
        train: { run: 'finetune', ...FINE_TUNE },
        claims: [{ left: { run: 'finetune', metric: 'validationAccuracy' }, relation: '>', right: 0.6, says: { en: 'held-out accuracy above 60 %', ko: '검증 정확도가 60 %를 넘는다' } }],
        result: { en: 'Held-out accuracy after fine-tuning: {left0}.', ko: '미세 조정 뒤 검증 정확도: {left0}.' },
      },
    },
    {
      id: 'freeze',
      title: { en: 'Freeze the encoder', ko: '인코더 고정하기' },
      goal: {
        en: 'Switch on Freeze weights for the token embedding, the positions and every block of the encoder, and train again: only the classifier learns, on top of a fixed feature extractor.',
        ko: '토큰 임베딩, 위치 인코딩, 인코더의 모든 블록에서 가중치 고정을 켜고 다시 학습하세요. 이제 고정된 특징 추출기 위에서 분류기만 배웁니다.',
      },
      hint: { en: 'Select a block; the Freeze switch is in the inspector.', ko: '블록을 선택하면 인스펙터에 고정 스위치가 있습니다.' },
      checks: [
        { kind: 'frozen', block: { kind: 'embedding' }, frozen: true, says: { en: 'the token embedding is frozen', ko: '토큰 임베딩이 고정되어 있다' } },
        { kind: 'frozen', block: { kind: 'multiHeadAttention' }, frozen: true, says: { en: 'the encoder’s attention is frozen', ko: '인코더의 어텐션이 고정되어 있다' } },
        { kind: 'frozen', block: { kind: 'feedForward' }, frozen: true, says: { en: 'the encoder’s feed-forward is frozen', ko: '인코더의 피드 포워드가 고정되어 있다' } },
      ],
      showMe: [{ op: 'setFrozen', nodes: ENCODER_BLOCKS, frozen: true }],
      observe: {
        train: { run: 'frozen', ...FINE_TUNE },
        claims: [
          {
            left: { run: 'frozen', metric: 'trainableParameters' },
            relation: '<',
            right: { run: 'finetune', metric: 'trainableParameters' },
            scale: 0.01,
            says: { en: 'fewer than 1 % of the parameters still train', ko: '학습되는 파라미터가 1 %도 안 된다' },
          },
        ],
        result: {
          en: 'Trainable parameters: {left0} frozen against {right0} fine-tuned. Compare the two runs’ accuracy in the studio: on this small corpus, measure before you assume pre-training helps.',
          ko: '학습되는 파라미터: 고정 {left0}, 미세 조정 {right0}. 스튜디오에서 두 학습의 정확도를 비교해 보세요. 이 작은 말뭉치에서는 사전 학습이 도움이 되는지 가정하지 말고 측정하세요.',
        },
      },
    },
  ],
};
