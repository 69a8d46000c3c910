/**
 * Korean names of block kinds, for the UI only. Not a registry: a kind missing here shows its English
 * label from the block specs.
 */
export const koBlockNames: Record<string, string> = {
  tokenInput: '토큰 입력',
  target: '정답 / 레이블',
  embedding: '임베딩',
  positionalEncoding: '위치 인코딩',
  segmentEmbedding: '세그먼트 임베딩',
  simpleRnn: '단순 RNN',
  lstm: 'LSTM',
  gru: 'GRU',
  attention: '어텐션',
  scaledDotProductAttention: '스케일드 닷-프로덕트 어텐션',
  multiHeadAttention: '멀티헤드 어텐션',
  addNorm: '더하기 & 정규화',
  layerNorm: '레이어 정규화',
  feedForward: '피드포워드',
  dense: '밀집층 (Dense)',
  dropout: '드롭아웃',
  concat: '이어 붙이기',
  pooling: '풀링',
  lmHead: '언어 모델 헤드',
  maskedLmHead: '마스크 언어 모델 헤드',
  seq2seqHead: 'Seq2seq 헤드',
  classifierHead: '분류 헤드',
};
