import type { BlockKind } from '../../engine';

/**
 * Korean texts of every block kind: the words of the palette, the canvas block, the inspector form and the
 * explanation card. The English texts live in the block specs (engine/blocks/*\/spec.ts) and stay the source;
 * this file mirrors them key for key. `Record<BlockKind, …>` makes a new kind a compile error here, and
 * tests/unit/i18n/blockTexts.test.ts fails for a param, enum value or port that lacks its Korean text.
 * Terms follow the Korean notes the course is taught from (은닉 상태, 교사 강요, 층 정규화, 잔차 연결, …).
 */
export interface KoParamText {
  label: string;
  /** The param's doc, shown with its field. */
  help: string;
  /** Display names of an enum param's values, keyed by the stored value. */
  options?: Readonly<Record<string, string>>;
}

export interface KoPortText {
  label: string;
  /** The port's doc, shown in the port's tooltip; present exactly when the spec's port has one. */
  help?: string;
}

export interface KoBlockText {
  name: string;
  summary: string;
  /** `formula` only where the English formula has words in it; a pure formula is shown as the spec writes it. */
  explanation: { what: string; formula?: string; shapes: string; why: string };
  params: Readonly<Record<string, KoParamText>>;
  ports: Readonly<Record<string, KoPortText>>;
}

const TIME_AXIS_OPTIONS = { T: 'T', T_src: 'T_src (소스)', T_tgt: 'T_tgt (타깃)' };

const IN_OUT = { in: { label: '입력' }, out: { label: '출력' } };

/** Simple RNN, LSTM and GRU share their params and most ports (engine/blocks/shared/recurrentSpec.ts). */
const RECURRENT_PARAMS: Record<string, KoParamText> = {
  units: { label: '유닛 수', help: '은닉 상태의 너비 u: 층이 읽은 내용을 얼마나 기억할 수 있는지를 정합니다.' },
  output: {
    label: '출력',
    help: '“시퀀스 전체”: 모든 시점의 은닉 상태(B×T×u). 층을 쌓거나 어텐션, 토큰별 헤드에 연결할 때 씁니다. “마지막 상태”: 마지막 은닉 상태만(B×u), 시퀀스마다 벡터 하나. 이때는 패딩이 상태를 거쳐 가지 않도록 “토큰 id (마스크)”를 연결하세요.',
    options: { sequence: '시퀀스 전체', last: '마지막 상태' },
  },
  bidirectional: {
    label: '양방향',
    help: '시퀀스를 거꾸로도 읽고 두 결과를 연결합니다. 그러면 각 위치가 왼쪽과 오른쪽 문맥을 모두 봅니다. 출력과 상태의 너비는 2u가 됩니다. 언어 모델에는 쓰지 마세요(미래를 보면 안 됩니다).',
  },
  dropout: { label: '입력 드롭아웃', help: '학습 중 0으로 만드는 입력 특징의 비율. 모든 시점에 같은 마스크를 씁니다. 0이면 꺼집니다.' },
};

const RECURRENT_PORTS: Record<string, KoPortText> = {
  in: { label: '입력', help: '읽을 시퀀스, B×T×d.' },
  initialState: { label: '초기 상태', help: '시작 은닉 상태 h₀(연결하지 않으면 0). 예: seq2seq 모델에서 인코더의 마지막 은닉 상태.' },
  tokens: {
    label: '토큰 id (마스크)',
    help: '입력 시퀀스를 만든 토큰 id. id가 [PAD]인 시점에서는 상태가 바뀌지 않으므로, 패딩된 시퀀스는 마지막 실제 토큰을 읽은 뒤의 상태로 끝납니다.',
  },
  out: { label: '출력', help: '모든 시점의 은닉 상태 B×T×u, 또는 마지막 것 하나 B×u.' },
  state: { label: '은닉 상태', help: '마지막 은닉 상태 h_T, B×u.' },
};

/** The three token-level heads share their ports (engine/blocks/shared/headSpec.ts). */
const TOKEN_HEAD_PORTS: Record<string, KoPortText> = {
  logits: { label: '로짓', help: '모든 위치에서 어휘 전체에 대한 점수, B×T×V.' },
  targets: { label: '타깃', help: '모든 위치의 정답 토큰, B×T. [PAD] 위치는 무시합니다.' },
};

export const koBlockTexts: Record<BlockKind, KoBlockText> = {
  tokenInput: {
    name: '토큰 입력',
    summary: '데이터셋의 토큰 id: B×T 정수.',
    explanation: {
      what: '데이터셋에서 토큰 id 시퀀스의 배치를 꺼내 모델에 넣습니다.',
      formula: 'x ∈ ℕ^{B×T}, 각 id < 어휘 크기',
      shapes: '출력: B×T id',
      why: '모든 시퀀스 모델은 이산적인 토큰에서 출발합니다. 임베딩이 이 토큰을 벡터로 바꿉니다.',
    },
    params: {
      feed: {
        label: '입력 데이터',
        help: '데이터셋의 어느 배열을 넣을지 고릅니다: (소스) 토큰, seq2seq 디코더 입력(오른쪽으로 한 칸 밀려 [BOS]로 시작), BERT식 문장 쌍의 세그먼트 id.',
        options: { tokens: '토큰', decoder_tokens: '디코더 입력 토큰', segments: '세그먼트 id' },
      },
      time: {
        label: '시간 축 이름',
        help: '캔버스에서 이 시퀀스의 길이를 부르는 이름입니다. 인코더와 디코더 시퀀스에 서로 다른 이름을 붙여 두면 실수로 섞이지 않습니다.',
        options: TIME_AXIS_OPTIONS,
      },
      length: { label: '길이', help: '토큰 단위의 시퀀스 길이(문맥 크기).' },
    },
    ports: { out: { label: '토큰 id' } },
  },

  target: {
    name: '정답 / 레이블',
    summary: '모델이 예측해야 할 답: 다음 토큰, 출력 토큰 또는 클래스 레이블.',
    explanation: {
      what: '데이터셋의 정답을 손실 헤드에 넣습니다. 모델 자체의 입력은 아닙니다.',
      formula: 'y ∈ ℕ^{B×T} (토큰마다) 또는 y ∈ ℕ^{B} (시퀀스마다); id 0 = [PAD]는 손실에서 무시',
      shapes: '출력: B×T id (타깃) 또는 B id (레이블)',
      why: '지도 학습은 예측을 정답과 비교합니다. 정답을 모델 밖에 두면 같은 모델이 정답 없이도 생성할 수 있습니다.',
    },
    params: {
      feed: {
        label: '정답 종류',
        help: '“타깃”: 위치마다 토큰 하나(다음 토큰, 출력 시퀀스, 마스킹된 토큰). “레이블”: 시퀀스마다 클래스 하나.',
        options: { targets: '타깃 (토큰마다)', labels: '레이블 (시퀀스마다)' },
      },
      time: {
        label: '시간 축 이름',
        help: '토큰별 타깃이 어느 시퀀스와 나란히 놓이는지 고릅니다(seq2seq 디코더라면 T_tgt).',
        options: TIME_AXIS_OPTIONS,
      },
    },
    ports: { out: { label: '정답' } },
  },

  dense: {
    name: '밀집층 (Dense)',
    summary: '마지막 축에 적용하는 선형 층(활성화 함수는 선택).',
    explanation: {
      what: '각 벡터에 학습된 행렬을 곱하고 편향을 더합니다. 손실 직전에 어휘 크기로 투영할 때 씁니다.',
      shapes: '입력: B×T×d_in 또는 B×d_in → 출력: B×T×units 또는 B×units',
      why: '벡터 공간 사이를 잇는 가장 기본적인 학습 가능한 변환입니다. 언어 모델의 마지막 Dense는 어휘의 토큰마다 점수(로짓) 하나를 냅니다.',
    },
    params: {
      units: { label: '유닛 수', help: '출력 너비. LM 헤드 바로 앞 층이라면 어휘 크기로 둡니다.' },
      activation: {
        label: '활성화 함수',
        help: '로짓을 낼 때는 “선형”, 은닉층에는 비선형 함수를 씁니다.',
        options: { linear: '선형 (linear)', relu: 'ReLU', gelu: 'GELU', tanh: 'tanh', sigmoid: '시그모이드 (sigmoid)' },
      },
      useBias: { label: '편향', help: '학습되는 편향 벡터를 더합니다.' },
    },
    ports: IN_OUT,
  },

  embedding: {
    name: '임베딩',
    summary: '토큰 id를 학습된 벡터로 바꿉니다. 토큰마다 표의 한 행입니다.',
    explanation: {
      what: '토큰 id마다 너비 d_model인 학습된 벡터를 찾아옵니다. 학습이 진행되면 비슷하게 쓰이는 토큰끼리 가까운 벡터로 모입니다.',
      formula: 'e_t = E[x_t] (스케일을 켜면 × √d_model),  E ∈ ℝ^{V×d_model}',
      shapes: '입력: B×T id → 출력: B×T×d_model',
      why: 'id는 임의로 붙인 번호일 뿐이어서, id 7이 id 60보다 id 8에 “더 가까운” 것이 아닙니다. 토큰마다 학습된 벡터를 두면 신경망이 계산할 수 있는 재료가 생기고, 비슷한 토큰끼리 배운 것을 나눠 가질 수 있습니다.',
    },
    params: {
      vocabSize: { label: '어휘 크기', help: '서로 다른 토큰 id의 개수(특수 토큰을 포함한 데이터셋의 어휘).' },
      dModel: { label: '너비 (d_model)', help: '각 토큰 벡터의 길이. 뒤따르는 모든 층의 너비가 됩니다.' },
      lookup: {
        label: '조회 방식',
        help: '“인덱싱”은 표에서 행을 바로 가져오고, “원-핫 곱”은 원-핫 행렬에 표를 곱합니다(결과는 같고 메모리를 더 씀). “자동”은 백엔드에서 더 빠른 쪽을 고르며, 지금은 모든 백엔드에서 인덱싱입니다.',
        options: { auto: '자동', gather: '인덱싱 (gather)', onehot: '원-핫 곱 (one-hot)' },
      },
      scale: { label: '√d_model 배로 스케일', help: '“Attention Is All You Need”에서처럼 벡터에 √d_model을 곱합니다.' },
    },
    ports: { in: { label: '토큰 id' }, out: { label: '벡터' } },
  },

  positionalEncoding: {
    name: '위치 인코딩',
    summary: '각 토큰이 시퀀스의 어디에 있는지 알려 주는 벡터를 더합니다.',
    explanation: {
      what: '각 토큰 벡터에 위치에만 의존하는 벡터를 더합니다: 여러 주파수의 고정된 사인파, 또는 위치마다 학습되는 벡터 하나.',
      formula:
        'out_t = x_t + PE_t;  사인파: PE_{t,2i} = sin(t / 10000^{2i/d}), PE_{t,2i+1} = cos(t / 10000^{2i/d});  학습: PE = P[t], P ∈ ℝ^{maxLength×d}',
      shapes: '입력: B×T×d → 출력: B×T×d',
      why: '어텐션은 순서를 보지 못합니다. 입력을 집합으로 보기 때문에, 위치 정보가 없으면 “개가 사람을 문다”와 “사람이 개를 문다”가 똑같아 보입니다. RNN은 한 시점씩 읽으면서 순서를 저절로 알게 되지만, 트랜스포머에는 따로 알려 줘야 합니다.',
    },
    params: {
      encoding: {
        label: '인코딩 방식',
        help: '“사인파”: 고정된 파동, 가중치 없음. “학습”: 위치마다 학습되는 벡터(GPT, BERT).',
        options: { sinusoidal: '사인파 (sin/cos)', learned: '학습' },
      },
      maxLength: { label: '최대 길이', help: '이 블록이 받는 가장 긴 시퀀스. 시퀀스 길이 T 이상이어야 합니다.' },
      dropout: { label: '드롭아웃', help: '학습 중 더한 결과에 드롭아웃을 적용합니다.' },
    },
    ports: IN_OUT,
  },

  segmentEmbedding: {
    name: '세그먼트 임베딩',
    summary: '각 토큰이 어느 문장(A 또는 B)에 속하는지 알려 주는 학습된 벡터를 더합니다.',
    explanation: {
      what: '각 토큰 벡터에 그 세그먼트 id의 학습된 벡터를 더해서, 한 입력에 담긴 두 문장을 구별할 수 있게 합니다.',
      shapes: '입력: B×T×d, 세그먼트: B×T id → 출력: B×T×d',
      why: 'BERT는 문장 쌍(질문 + 본문, 전제 + 가설)을 하나의 시퀀스로 읽습니다. [SEP]은 경계만 표시할 뿐이고, 세그먼트 벡터가 모든 토큰에게 자기가 어느 쪽에 있는지 알려 줍니다.',
    },
    params: {
      numSegments: { label: '세그먼트 수', help: '서로 다른 세그먼트 id의 개수(문장 A / B라면 2).' },
    },
    ports: {
      in: { label: '입력' },
      segments: { label: '세그먼트 id', help: '토큰마다 세그먼트 id 하나(입력 데이터가 “세그먼트 id”인 토큰 입력을 연결).' },
      out: { label: '출력' },
    },
  },

  attention: {
    name: '어텐션 (Luong / Bahdanau)',
    summary: '디코더의 각 시점이 모든 인코더 상태를 잘 맞는 정도에 따라 가중 평균해서 읽습니다.',
    explanation: {
      what: '쿼리(디코더 상태)마다 모든 키(인코더 상태)에 점수를 매기고, 소프트맥스로 점수를 가중치로 바꾼 뒤 밸류의 가중합을 돌려줍니다. 이것이 그 시점의 문맥 벡터입니다.',
      formula:
        'α = softmax(score(q, k)),  문맥 = Σ_j α_j v_j;  내적(dot): qᵀk,  일반(general): qᵀ W_a k,  가산(additive, Bahdanau): vᵀ tanh(W_1 q + W_2 k)',
      shapes: '쿼리: B×T_q×d_q, 키: B×T_k×d_k, 밸류: B×T_k×d_v(연결하지 않으면 키) → 출력: B×T_q×d_v; 가중치: B×T_q×T_k',
      why: '기본 인코더–디코더는 소스 문장 전체를 고정된 벡터 하나(문맥 벡터)에 욱여넣기 때문에 긴 문장은 다 담지 못합니다. 어텐션은 디코더가 시점마다 필요한 곳을 찾아 새 문맥을 얻게 합니다. 이 아이디어가 나중에 트랜스포머로 이어집니다.',
    },
    params: {
      score: {
        label: '점수 함수',
        help: '“내적”: qᵀk, 가중치 없음(쿼리와 키의 너비가 같아야 함). “일반”: qᵀW_a k. “가산”: Bahdanau의 작은 신경망 vᵀtanh(W_1q + W_2k).',
        options: { dot: '내적 (dot)', general: '일반 (general)', additive: '가산 (additive)' },
      },
      units: { label: '유닛 수 (가산)', help: '가산 점수의 은닉 너비. 내적과 일반 점수에서는 쓰이지 않습니다.' },
    },
    ports: {
      query: { label: '쿼리', help: '디코더 상태: 각 출력 시점이 찾고 있는 것.' },
      keys: { label: '키', help: '쿼리와 맞춰 볼 인코더 상태.' },
      values: { label: '밸류', help: '가중 평균할 대상. 연결하지 않으면 키를 그대로 씁니다.' },
      keyTokens: { label: '키 토큰 id', help: '소스 토큰 id: [PAD] 위치는 가중치 0을 받습니다.' },
      out: { label: '문맥' },
    },
  },

  scaledDotProductAttention: {
    name: '스케일드 닷-프로덕트 어텐션',
    summary: '직접 연결한 쿼리, 키, 밸류로 softmax(QKᵀ/√d_k)V를 계산합니다. 가중치는 없습니다.',
    explanation: {
      what: '모든 쿼리와 모든 키의 내적으로 점수를 매기고 1/√d_k로 스케일한 뒤, 점수의 각 행을 소프트맥스로 가중치로 바꿔 밸류의 가중 평균을 돌려줍니다. 자체 가중치가 없으므로 Q, K, V를 만들려면 앞에 Dense 블록을 연결하세요.',
      formula: 'Attention(Q, K, V) = softmax(Q Kᵀ / √d_k + 마스크) V',
      shapes: '쿼리: B×T_q×d_k, 키: B×T_k×d_k, 밸류: B×T_k×d_v → 출력: B×T_q×d_v; 가중치: B×T_q×T_k',
      why: '모든 트랜스포머 헤드의 핵심입니다. 1/√d_k가 없으면 내적 값이 d_k에 따라 커져서 소프트맥스가 원-핫처럼 포화되고, 기울기가 소실됩니다.',
    },
    params: {
      causal: { label: '인과 마스크', help: '각 쿼리는 자기 위치와 그 이전 위치의 키만 봅니다.' },
    },
    ports: {
      query: { label: '쿼리 (Q)' },
      key: { label: '키 (K)' },
      value: { label: '밸류 (V)' },
      keyTokens: { label: '키 토큰 id', help: '키 시퀀스의 토큰 id: [PAD] 위치는 마스킹됩니다.' },
      out: { label: '출력' },
    },
  },

  multiHeadAttention: {
    name: '멀티 헤드 어텐션',
    summary: 'h개의 어텐션 헤드가 각자 학습된 부분 공간에서 병렬로 동작합니다. 셀프 어텐션 또는 크로스 어텐션.',
    explanation: {
      what: '입력을 선형 변환해 쿼리, 키, 밸류를 만들고 h개의 헤드로 나눈 뒤, 각 헤드에서 모든 위치가 (허용된) 모든 위치에 어텐션하고, W^O로 헤드들을 다시 합칩니다. 메모리 입력을 연결하면 크로스 어텐션이 되어, 디코더가 인코더에 질의합니다.',
      formula:
        'MultiHead(X) = concat(head_1…head_h) W^O,  head_i = softmax(Q_i K_iᵀ / √d_k + 마스크) V_i,  Q_i = X W^Q_i, K_i = M W^K_i, V_i = M W^V_i,  d_k = d_model / h',
      shapes: '쿼리: B×T_q×d_model, 메모리: B×T_k×d_mem(셀프 어텐션이면 쿼리 자신) → 출력: B×T_q×d_model; 가중치: B×h×T_q×T_k',
      why: 'RNN은 과거를 상태 벡터 하나에 욱여넣지만, 어텐션은 거리에 상관없이 앞선 어느 위치든 한 번에 직접 읽습니다. 헤드가 여럿이면 한 층이 여러 관계를 동시에 따라갈 수 있습니다(바로 앞 단어, 동사의 주어, 짝이 맞는 괄호). 대가는 메모리입니다: 점수 행렬의 원소가 B·h·T²개입니다.',
    },
    params: {
      heads: { label: '헤드 수', help: '어텐션 헤드 수 h. d_model이 h로 나누어떨어져야 합니다.' },
      causal: { label: '인과 마스크', help: '각 위치는 자기 자신과 그 이전 위치만 봅니다. 언어 모델이나 디코더에서는 켜고, 인코더에서는 끕니다.' },
      dropout: { label: '어텐션 드롭아웃', help: '학습 중 어텐션 가중치를 무작위로 버립니다.' },
      useBias: { label: '편향', help: '쿼리, 키, 밸류, 출력 투영에 편향을 더합니다.' },
    },
    ports: {
      query: { label: '쿼리', help: '질의하는 시퀀스: 각 위치가 쿼리를 만듭니다(메모리가 없으면 키와 밸류도 여기서 만듭니다).' },
      memory: { label: '메모리', help: '크로스 어텐션에서 키와 밸류를 내줄 다른 시퀀스(인코더 출력).' },
      keyTokens: { label: '키 토큰 id', help: '키 시퀀스의 토큰 id: [PAD] 위치는 마스킹됩니다.' },
      out: { label: '출력' },
    },
  },

  addNorm: {
    name: '잔차 연결 & 정규화',
    summary: '잔차 연결: 서브층의 출력을 그 입력에 다시 더한 뒤 정규화합니다.',
    explanation: {
      what: '서브층의 출력을 서브층에 들어간 입력(잔차)에 더하고, 포스트-노름(post-norm)이면 그 합에 층 정규화를 적용합니다. 프리-노름(pre-norm)에서는 더하기만 하고, 대신 층 정규화를 서브층 앞에 둡니다.',
      formula: '포스트-노름: out = LayerNorm(x + Sublayer(x));  프리-노름: out = x + Sublayer(LayerNorm(x))',
      shapes: '잔차: B×T×d, 서브층: B×T×d → 출력: B×T×d(벡터라면 B×d)',
      why: '잔차 경로는 기울기가 지나가는 고속도로입니다. 깊게 쌓은 층도 항등 함수에 가까운 상태에서 출발해 작은 보정만 배우면 되고, 모든 신호를 모든 층에 통과시킬 필요가 없습니다. 정규화는 층을 거치며 쌓이는 합의 크기를 일정하게 유지합니다.',
    },
    params: {
      norm: {
        label: '정규화 위치',
        help: '“포스트”: LayerNorm(x + y), 원래 트랜스포머 방식. “프리”: x + y만 계산하므로 서브층 앞에 층 정규화를 두세요(GPT-2). 층이 깊을 때 더 안정적으로 학습됩니다.',
        options: { post: '포스트 (post-norm)', pre: '프리 (pre-norm)' },
      },
      epsilon: { label: '엡실론 (ε)', help: '상수 벡터에서 0으로 나누지 않도록 분산에 더하는 작은 값(포스트-노름에서만).' },
    },
    ports: {
      residual: { label: 'x (잔차)', help: '서브층의 입력. 서브층을 건너뛰어 그대로 전달됩니다.' },
      sublayer: { label: '서브층(x)', help: '어텐션이나 피드 포워드 신경망의 출력.' },
      out: { label: '출력' },
    },
  },

  layerNorm: {
    name: '층 정규화',
    summary: '각 벡터를 평균 0, 분산 1로 맞춘 뒤 학습된 이득과 편향을 적용합니다.',
    explanation: {
      what: '위치마다 따로, 벡터 원소들의 평균을 빼고 표준편차로 나눈 다음, 학습된 γ를 곱하고 β를 더합니다.',
      formula: 'y = γ ⊙ (x − μ) / √(σ² + ε) + β,  μ, σ² = 마지막 축의 평균과 분산',
      shapes: '입력: B×T×d(또는 B×d) → 출력: 같은 모양',
      why: '활성값의 크기가 층마다 달라지면 깊은 신경망의 학습이 불안정해집니다. 벡터마다 정규화하면 모든 층의 입력이 일정한 범위에 머물러, 깊게 쌓아도 더 큰 학습률로 학습할 수 있습니다. 배치 정규화와 달리 배치 통계가 필요 없어서 배치 크기나 시퀀스 길이에 상관없이 동작합니다.',
    },
    params: {
      epsilon: { label: '엡실론 (ε)', help: '상수 벡터에서 0으로 나누지 않도록 분산에 더하는 작은 값.' },
    },
    ports: IN_OUT,
  },

  feedForward: {
    name: '피드 포워드 신경망',
    summary: '위치마다 따로 적용하는 2층 신경망: 넓히고, 활성화하고, 원래 너비로 되돌립니다.',
    explanation: {
      what: '각 위치의 벡터를 비선형 함수가 있는 은닉층(보통 4배 넓음)에 통과시킨 뒤 원래 너비로 되돌립니다. 여기서는 위치끼리 섞이지 않습니다. 그것은 어텐션이 할 일입니다.',
      shapes: '입력: B×T×d → 은닉: B×T×hidden → 출력: B×T×d',
      why: '어텐션은 가중 평균으로 벡터를 섞을 뿐이라 거의 선형입니다. 피드 포워드 층이 토큰마다의 계산을 더하며, 트랜스포머 파라미터의 대부분이 여기에 있습니다.',
    },
    params: {
      hidden: { label: '은닉 너비', help: '안쪽 층의 너비. 보통 4 × d_model로 둡니다.' },
      activation: {
        label: '활성화 함수',
        help: '원래 트랜스포머처럼 “ReLU”, GPT와 BERT처럼 “GELU”.',
        options: { relu: 'ReLU', gelu: 'GELU' },
      },
      dropout: { label: '드롭아웃', help: '학습 중 출력에 드롭아웃을 적용합니다.' },
    },
    ports: IN_OUT,
  },

  dropout: {
    name: '드롭아웃',
    summary: '학습 중에는 값의 일부를 무작위로 0으로 만들고, 추론 때는 아무것도 하지 않습니다.',
    explanation: {
      what: '학습 중에는 각 값을 확률 p로 0으로 만들고 나머지에 1/(1 − p)를 곱해 기댓값이 변하지 않게 합니다. 추론 때는 입력을 그대로 내보냅니다.',
      formula: 'y = x ⊙ m / (1 − p),  m_i ~ Bernoulli(1 − p)  (학습);  y = x  (추론)',
      shapes: '입력: 임의의 실수 텐서 → 출력: 같은 모양',
      why: '어느 한 유닛에 기댈 수 없는 신경망은 중복되고 더 일반적인 특징을 배웁니다. 작은 데이터셋에 과적합하는 것을 값싸게 막아 줍니다.',
    },
    params: {
      rate: { label: '비율', help: '학습 중 버리는 값의 비율.' },
    },
    ports: IN_OUT,
  },

  concat: {
    name: '연결 (Concat)',
    summary: '두 텐서를 특징 축을 따라 나란히 이어 붙입니다.',
    explanation: {
      what: '모든 위치에서 a의 특징 뒤에 b의 특징을 놓습니다. 예: 디코더 상태 옆에 어텐션 문맥 벡터.',
      formula: 'out = [a ; b]  (마지막 축으로 연결)',
      shapes: 'a: B×T×d_a, b: B×T×d_b → 출력: B×T×(d_a + d_b)  (벡터라면 B×d)',
      why: '다음 층이 두 출처를 한꺼번에 보게 합니다. Luong 어텐션은 다음 토큰을 예측하기 전에 문맥 벡터를 디코더 상태와 연결합니다.',
    },
    params: {},
    ports: { a: { label: 'a' }, b: { label: 'b' }, out: { label: '출력' } },
  },

  pooling: {
    name: '풀링',
    summary: '시퀀스를 벡터 하나로 요약합니다: [CLS] 위치, 마지막, 평균 또는 최댓값.',
    explanation: {
      what: '벡터들의 시퀀스 전체를 예제마다 벡터 하나로 바꿔 분류기에 넘깁니다.',
      formula: '첫 위치: h_0 ([CLS]);  마지막: h_{T−1};  평균: (1/T) Σ_t h_t;  최댓값: max_t h_t (특징마다); 토큰 id를 연결하면 t는 [PAD]가 아닌 위치만 돕니다',
      shapes: '입력: B×T×d, 토큰: B×T id(선택) → 출력: B×d',
      why: '문장 레이블에는 문장마다 벡터 하나가 필요합니다. BERT는 [CLS] 위치가 분류기에 필요한 정보를 모으도록 학습시키고, RNN의 마지막 상태는 모든 토큰을 읽은 뒤의 상태입니다. 평균과 최댓값 풀링은 모든 위치를 똑같이 다룹니다([PAD] 위치를 빼려면 토큰 id를 연결하세요).',
    },
    params: {
      mode: {
        label: '방식',
        help: '“첫 위치”는 위치 0, 곧 분류 데이터셋의 [CLS] 토큰을 씁니다. “마지막”은 왼쪽에서 오른쪽으로 읽는 RNN에 알맞습니다.',
        options: { first: '첫 위치 ([CLS])', mean: '평균', max: '최댓값', last: '마지막' },
      },
    },
    ports: { ...IN_OUT, tokens: { label: '토큰 id', help: '시퀀스의 토큰 id: 평균, 최댓값, 마지막에서 [PAD] 위치를 뺍니다.' } },
  },

  simpleRnn: {
    name: '단순 RNN',
    summary: '시퀀스를 한 시점씩 읽으며 은닉 상태 벡터 하나를 다음 시점으로 넘깁니다.',
    explanation: {
      what: '시점마다 현재 입력과 이전 은닉 상태를 섞고, 그 결과를 tanh로 눌러 줍니다. 은닉 상태는 지금까지 읽은 모든 것을 신경망이 계속 요약해 둔 것입니다.',
      formula: 'h_t = tanh(x_t W + h_{t−1} U + b),  h_0 = 0 또는 초기 상태',
      shapes: '입력: B×T×d → 출력: B×T×u(시퀀스 전체) 또는 B×u(마지막); 상태: B×u. 양방향: 너비 2u.',
      why: '모든 시점에 같은 가중치를 쓰므로 길이에 상관없이 시퀀스를 읽을 수 있습니다. 그 한계가 이후의 발전을 이끌었습니다. 기울기가 시점마다 U와 tanh′에 곱해지므로 긴 구간에서는 소실(또는 폭주)합니다. 이 장기 의존성 문제를 LSTM과 GRU가 고칩니다. 또 과거 전체가 고정 크기 벡터 하나에 들어가야 하는데, 이 병목은 나중에 디코더가 모든 상태를 돌아볼 수 있게 한 어텐션이 없앱니다.',
    },
    params: RECURRENT_PARAMS,
    ports: RECURRENT_PORTS,
  },

  lstm: {
    name: 'LSTM',
    summary: '게이트가 달린 메모리 셀로 긴 구간에 걸쳐 정보를 간직하는 순환 층.',
    explanation: {
      what: '은닉 상태와 함께 셀 상태 c를 가지고 다닙니다. 입력과 이전 은닉 상태로 계산한 세 게이트가 셀에 무엇을 쓸지(입력 게이트), 무엇을 남길지(망각 게이트), 무엇을 내보일지(출력 게이트)를 정합니다.',
      shapes: '입력: B×T×d → 출력: B×T×u 또는 B×u; 은닉 상태 h와 셀 상태 c: 각각 B×u(양방향이면 2u). 파라미터 4(du + u² + u).',
      why: '단순 RNN에서는 기울기가 시점마다 눌려 수십 시점 만에 소실됩니다. LSTM의 셀은 f로 게이트된 덧셈으로 갱신됩니다. 망각 게이트가 1 가까이 머물면 기울기가 c를 따라 수백 시점을 거의 그대로 거슬러 흐르므로, 장기 의존성을 배울 수 있습니다(Hochreiter & Schmidhuber, 1997).',
    },
    params: RECURRENT_PARAMS,
    ports: {
      ...RECURRENT_PORTS,
      initialCell: { label: '초기 셀 상태', help: '시작 셀 상태 c₀(연결하지 않으면 0).' },
      cell: { label: '셀 상태', help: '마지막 셀 상태 c_T, B×u.' },
    },
  },

  gru: {
    name: 'GRU',
    summary: '게이트가 있는 순환 층: LSTM과 비슷하지만 게이트가 더 적고 따로 된 셀이 없습니다.',
    explanation: {
      what: '업데이트 게이트 z는 이전 상태를 얼마나 남기고 얼마나 후보로 바꿀지 정하고, 리셋 게이트 r은 후보를 만들 때 이전 상태를 얼마나 쓸지 정합니다.',
      shapes: '입력: B×T×d → 출력: B×T×u 또는 B×u; 상태: B×u(양방향이면 2u). 파라미터 3(du + u² + 2u).',
      why: '보간 z ⊙ h_{t−1} + (1 − z) ⊙ h̃는 LSTM의 셀처럼 기울기에 덧셈 지름길을 줍니다. 게이트는 셋이 아니라 둘, 상태는 둘이 아니라 하나라서 파라미터가 약 4분의 1 적고, 정확도는 비슷한 경우가 많습니다(Cho et al., 2014). PyTorch와 Keras가 쓰는 “리셋 후 적용(reset after)” 형태입니다.',
    },
    params: RECURRENT_PARAMS,
    ports: RECURRENT_PORTS,
  },

  lmHead: {
    name: '언어 모델 헤드',
    summary: '다음 토큰 예측: 모든 위치에서 소프트맥스 교차 엔트로피.',
    explanation: {
      what: '각 위치의 어휘 점수를 소프트맥스로 확률로 바꾸고, 실제 다음 토큰에 준 확률의 −log를 손실로 매겨 [PAD]가 아닌 모든 위치에서 평균합니다.',
      formula: 'p_t = softmax(z_t),  L = −(1/N) Σ_{t: y_t ≠ [PAD]} log p_t[y_t];  퍼플렉서티 = e^L',
      shapes: '로짓: B×T×V, 타깃: B×T id(입력을 왼쪽으로 한 칸 민 것)',
      why: '교차 엔트로피 손실은 데이터의 음의 로그 가능도입니다. 이를 최소화하면 모델이 실제로 다음에 오는 토큰에 확률을 싣게 됩니다. 소프트맥스와 로그를 함께 계산하므로(log-softmax) 점수가 커도 넘치지 않습니다. 인과 모델은 자기가 예측할 토큰을 보면 안 됩니다. 왼쪽에서 오른쪽으로 읽는 RNN이나 인과 어텐션을 쓰세요.',
    },
    params: {},
    ports: TOKEN_HEAD_PORTS,
  },

  maskedLmHead: {
    name: '마스크 언어 모델 헤드',
    summary: 'BERT 방식: 가려진 토큰을 양쪽 문맥으로 예측합니다.',
    explanation: {
      what: '데이터셋이 입력 토큰의 약 15%를 가립니다. 그중 80%는 [MASK]로, 10%는 무작위 토큰으로 바뀌고, 10%는 그대로 둡니다. 타깃에는 그 위치에 원래 토큰이, 나머지 모든 위치에 [PAD]가 들어 있습니다. 손실은 가려진 위치에서만 계산한 소프트맥스 교차 엔트로피입니다.',
      formula: 'L = −(1/|M|) Σ_{t ∈ M} log softmax(z_t)[y_t],  M = 마스킹된 위치(타깃 ≠ [PAD])',
      shapes: '로짓: B×T×V, 타깃: B×T id(마스킹하지 않은 곳은 [PAD])',
      why: '다음 토큰 모델은 왼쪽만 읽습니다. 토큰을 가리면 모델이 양쪽 문맥을 모두 쓰면서도(양방향 셀프 어텐션) 예측할 거리가 생깁니다. 무작위 토큰과 그대로 둔 20%는 모델이 [MASK]를 보는 데 기대지 않게 합니다. 모델을 실제로 쓸 때는 [MASK]가 나오지 않기 때문입니다.',
    },
    params: {},
    ports: TOKEN_HEAD_PORTS,
  },

  seq2seqHead: {
    name: 'Seq2Seq 헤드',
    summary: '교사 강요(teacher forcing)로 인코더–디코더를 학습합니다: 출력 시퀀스에 대한 교차 엔트로피.',
    explanation: {
      what: '디코더는 오른쪽으로 한 칸 민 실제 출력([BOS] y₁ … y_{n−1})을 읽고, 각 위치에서 다음 출력 토큰(y₁ … y_n [EOS])을 예측합니다. 손실은 [PAD]를 뺀 출력 위치들의 소프트맥스 교차 엔트로피입니다.',
      shapes: '로짓: B×T_tgt×V(디코더에서), 타깃: B×T_tgt id',
      why: '교사 강요는 디코더에 자기 추측 대신 실제 이전 토큰을 넣어 줍니다. 그래서 모든 출력 위치를 병렬로 학습할 수 있고, 앞에서 한 번 틀려도 문장의 나머지가 망가지지 않습니다. 생성할 때는 넣어 줄 정답이 없으므로, 디코더가 자기 예측을 입력으로 삼아 한 시점씩 실행합니다(탐욕적 탐색(greedy) 또는 빔 서치).',
    },
    params: {},
    ports: TOKEN_HEAD_PORTS,
  },

  classifierHead: {
    name: '분류 헤드',
    summary: '시퀀스마다 레이블 하나: 클래스에 대한 소프트맥스 교차 엔트로피.',
    explanation: {
      what: '시퀀스마다 점수 벡터 하나를 받아(보통 [CLS] 위치, 곧 풀링 “첫 위치”나 RNN의 마지막 상태에서), 소프트맥스로 클래스 확률로 바꾸고 정답 클래스 확률의 −log를 손실로 매깁니다.',
      shapes: '로짓: B×C, 레이블: B id',
      why: 'BERT는 맨 앞에 [CLS] 토큰을 붙이고, 이 손실로 학습된 그 토큰의 마지막 벡터가 문장 전체의 뜻을 모으도록 배웁니다. 다른 요약 벡터도 같은 방식으로 쓸 수 있습니다. 모든 예제가 손실에 들어가며, 레이블 0도 마찬가지입니다(레이블은 패딩이 아닙니다).',
    },
    params: {},
    ports: {
      logits: { label: '로짓', help: '클래스에 대한 점수, 시퀀스마다 벡터 하나, B×C.' },
      targets: { label: '레이블', help: '각 시퀀스의 정답 클래스, B.' },
    },
  },
};

/**
 * Korean words of the activation-memory terms a block's cost lists (“scores B·h·T²”, “output”): the leading
 * words of an English term, mapped to Korean; the dims that follow are kept as they are.
 */
export const koMemoryTermWords: Readonly<Record<string, string>> = {
  output: '출력',
  context: '문맥',
  sum: '합',
  normalised: '정규화 값',
  hidden: '은닉',
  'hidden (pre-activation)': '은닉 (활성화 전)',
  'hidden states': '은닉 상태',
  'cell states': '셀 상태',
  'gate activations': '게이트 활성값',
  'input projection': '입력 투영',
  scores: '점수',
  heads: '헤드',
  'dropout mask': '드롭아웃 마스크',
  'one-hot': '원-핫',
  'softmax probabilities': '소프트맥스 확률',
  Q: '쿼리 Q',
  'K, V': '키·밸류 K, V',
};
