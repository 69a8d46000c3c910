import type { ErrorCode, MessageKey, MessageTemplate } from '../../engine';

/**
 * Korean text of every engine sentence (engine/graph/messages.ts), key for key, with exactly the English
 * template's `{params}`. The completeness test holds the two in step.
 */
export const koMessages: Record<MessageKey, MessageTemplate> = {
  'connect.notABlock': { message: '이 연결의 한쪽 끝이 블록이 아닙니다.', fix: '' },
  'connect.self': { message: '{block}은(는) 자기 자신에게 연결할 수 없습니다.', fix: '' },
  'connect.portToPort': { message: '출력 포트를 입력 포트에 연결하세요.', fix: '' },
  'connect.portTaken': { message: '{block}의 “{port}” 입력은 이미 연결되어 있습니다. 먼저 그 연결을 지우세요.', fix: '' },
  'connect.loop': { message: '순환 고리가 생깁니다: {block}이(가) 이미 {source}에 값을 보냅니다.', fix: '' },
  'connect.wrongKind': { message: '{block}은(는) {want}을(를) 받습니다. 이 포트는 {gives}을(를) 냅니다.', fix: '' },
  'connect.alreadyConnected': { message: '이 두 포트는 이미 연결되어 있습니다.', fix: '' },
  'connect.needsLabels': { message: '{block}은(는) 시퀀스마다 클래스 레이블 하나(B개의 ID)가 필요한데, {source}은(는) 위치마다 정답을 하나씩 냅니다({type}).', fix: '' },
  'connect.needsLabelsSetAnswers': {
    message: '{block}은(는) 시퀀스마다 클래스 레이블 하나(B개의 ID)가 필요한데, {source}은(는) 위치마다 정답을 하나씩 냅니다({type}).',
    fix: '먼저 {source}의 정답(Answers)을 “labels”로 바꾸세요.',
  },
  'connect.needsTargets': { message: '{block}은(는) 위치마다 정답 토큰 하나(B×T개의 ID)가 필요한데, {source}은(는) 시퀀스마다 레이블 하나를 냅니다({type}).', fix: '' },
  'connect.needsTargetsSetAnswers': {
    message: '{block}은(는) 위치마다 정답 토큰 하나(B×T개의 ID)가 필요한데, {source}은(는) 시퀀스마다 레이블 하나를 냅니다({type}).',
    fix: '먼저 {source}의 정답(Answers)을 “targets”로 바꾸세요.',
  },

  'graph.cycle': { message: '{blocks}이(가) 순환 고리를 이룹니다.', fix: '고리의 연결 하나를 지우세요. 순환(recurrence)은 RNN/LSTM/GRU 블록 안에서 일어납니다.' },
  'graph.missingInput': { message: '{block}의 “{port}” 입력에 아무것도 연결되지 않았습니다.', fix: '{block}의 “{port}” 포트로 연결을 끌어 오세요.' },
  'graph.noInput': { message: '그래프에 토큰 입력이 없습니다.', fix: '팔레트의 입력 항목에서 토큰 입력을 추가하세요.' },
  'graph.noHead': {
    message: '그래프에 손실 헤드가 없어 학습할 수 없습니다.',
    fix: '헤드 항목에서 헤드(LM, 분류, 마스크 언어 모델, seq2seq)를 추가하고 logits와 targets를 연결하세요.',
  },
  'graph.blockFailed': { message: '{block}: {detail}', fix: '이 블록의 연결과 파라미터를 확인하세요.' },
  'graph.chainTooDeep': {
    message: '가장 긴 블록 사슬이 {length}개 블록 길이입니다(“{last}”까지). 컴파일러는 최대 {max}개까지 만듭니다.',
    fix: '사슬을 줄이세요: 이어지는 블록 수를 줄입니다.',
  },
  'graph.chainTooDeepRepeated': {
    message: '반복 그룹을 펼친 가장 긴 블록 사슬이 {length}개 블록 길이입니다(“{last}”까지). 컴파일러는 최대 {max}개까지 만듭니다.',
    fix: '그 사슬에 있는 그룹의 반복 횟수를 줄이거나 사슬을 줄이세요.',
  },
  'graph.feedTaken': {
    message: '토큰 입력 “{first}”과(와) “{second}”이(가) 둘 다 “{feed}” 피드를 읽습니다. 데이터셋의 피드 하나는 그래프에 한 번만 들어옵니다.',
    fix: '“{second}”의 피드를 다른 것으로 바꾸거나, 그것을 지우고 그 블록들을 “{first}”에 연결하세요.',
  },
  'graph.empty': { message: '캔버스가 비어 있습니다. 아직 학습할 모델이 없습니다.', fix: '팔레트에서 토큰 입력을 끌어 와 시작하거나 템플릿을 여세요.' },
  'graph.unusedOutput': {
    message: '{block}의 출력이 아무 데도 가지 않습니다. 계산은 되지만 손실 헤드에 닿지 않습니다.',
    fix: '출력에서 다음 블록으로 연결을 끌어 오거나 {block}을(를) 지우세요.',
  },
  'graph.prenormNoNorm': {
    message: '{block}은(는) pre-norm이라 더하기만 합니다. 그런데 {sublayer}이(가) {fed}을(를) 정규화하지 않은 채 읽으므로 이 잔차 블록에서 정규화하는 곳이 없습니다.',
    fix: '{fed}과(와) {sublayer} 사이에 층 정규화(Layer Norm)를 넣거나, {block}의 정규화 위치를 “post”로 바꾸세요.',
  },
  'graph.layerName': {
    message: 'ID “{first}”과(와) “{second}”은(는) “-”와 “_”만 달라서, 두 블록의 층(과 저장된 가중치)이 같은 이름 “{prefix}…”을(를) 쓰게 됩니다.',
    fix: '블록 “{second}”의 이름을 바꾸세요(예: “{second}2”).',
  },

  'param.invalid': { message: '{block}: “{param}” 값이 {value}인데, {reason}.', fix: '{block}의 “{param}”을(를) 올바른 값으로 바꾸세요(기본값 {default}).' },
  'param.rule.whole': { message: '정수여야 합니다', fix: '' },
  'param.rule.range': { message: '{min}에서 {max} 사이여야 합니다', fix: '' },
  'param.rule.number': { message: '숫자여야 합니다', fix: '' },
  'param.rule.option': { message: '{options} 중 하나여야 합니다', fix: '' },
  'param.rule.bool': { message: '켜기 또는 끄기(true/false)여야 합니다', fix: '' },

  'block.inputMissing': { message: '{block}의 “{port}” 입력을 연결해야 합니다.', fix: '{block}의 “{port}” 포트에 블록을 연결하세요.' },
  'block.sequenceGotIds': {
    message: '{block}은(는) “{port}”에서 벡터 시퀀스 B×T×d를 받는데, 이 포트는 토큰 ID {type}을(를) 냅니다.',
    fix: '토큰 ID와 이 블록 사이에 임베딩을 넣으세요.',
  },
  'block.sequenceRank': {
    message: '{block}은(는) “{port}”에서 시퀀스 B×T×d를 받는데, {type}이(가) 들어옵니다.',
    fix: '시퀀스 전체를 내는 블록을 연결하세요(예: “return sequences”를 켠 RNN).',
  },
  'block.vectorsGotIds': { message: '{block}은(는) “{port}”에서 벡터를 받는데, 이 포트는 토큰 ID {type}을(를) 냅니다.', fix: '토큰 ID와 이 블록 사이에 임베딩을 넣으세요.' },
  'block.tokensExpected': { message: '{block}은(는) “{port}”에서 토큰 ID B×T를 받는데, {type}이(가) 들어옵니다.', fix: '이 포트에 토큰 입력(또는 정답 블록)을 연결하세요.' },
  'block.fixedSize': { message: '{block}에는 고정된 {what}이(가) 필요한데, “{dim}”입니다.', fix: '앞쪽 블록에서 {what}을(를) 고정된 크기로 정하세요.' },
  'head.targetsFromTarget': {
    message: '{block}: “targets”는 모델 입력이나 층이 아니라 정답 / 레이블 블록에서 와야 합니다.',
    fix: '“targets”에 정답 / 레이블 블록을 연결하세요.',
  },
  'head.logitsMissing': { message: '{block}의 “logits” 입력을 연결해야 합니다.', fix: '마지막 Dense 층(units = 어휘 크기 또는 클래스 수)을 연결하세요.' },
  'head.logitsGotIds': {
    message: '{block}은(는) “logits”에서 점수(logits)를 받는데, 토큰 ID {type}이(가) 들어옵니다.',
    fix: 'units가 어휘 크기(또는 클래스 수)와 같은 Dense 층의 출력을 연결하세요.',
  },
  'head.logitsPerPosition': {
    message: '{block}은(는) 위치마다 점수 벡터 하나(B×T×V)를 받는데, 시퀀스마다 벡터 하나인 {type}이(가) 들어옵니다.',
    fix: '시간 축을 유지하거나(RNN 출력 “sequence”, 풀링 없음), 시퀀스마다 레이블 하나를 내려면 {classifier}를 쓰세요.',
  },
  'head.logitsPerSequence': {
    message: '{block}은(는) 시퀀스마다 점수 벡터 하나(B×C)를 받는데, 위치마다 벡터 하나인 {type}이(가) 들어옵니다.',
    fix: '마지막 Dense 층 앞에 풀링 블록(모드: [CLS]는 “first”, RNN은 “last”)을 넣거나 RNN의 출력을 “last”로 바꾸세요.',
  },
  'head.tooFewClasses': {
    message: '{block}: logits가 예제마다 점수 {classes}개뿐입니다. 소프트맥스에는 클래스가 2개 이상 필요합니다.',
    fix: '마지막 Dense 층의 units를 어휘 크기나 클래스 수로 바꾸세요.',
  },
  'head.targetsMissing': { message: '{block}의 “targets” 입력을 연결해야 합니다.', fix: '정답 / 레이블 블록을 연결하세요.' },
  'head.targetsPerPosition': {
    message: '{block}은(는) 위치마다 정답 토큰 하나(B×T개의 ID)를 받는데, {type}이(가) 들어옵니다.',
    fix: '정답(Answers)이 “targets”인 정답 블록을 연결하세요.',
  },
  'head.labelsPerSequence': {
    message: '{block}은(는) 시퀀스마다 클래스 레이블 하나(B개의 ID)를 받는데, {type}이(가) 들어옵니다.',
    fix: '정답(Answers)이 “labels”인 정답 블록을 연결하세요.',
  },
  'head.timeMismatchDecoder': {
    message: '{block}: logits는 B×{logitsTime}×{classes}인데 targets는 B×{targetsTime}입니다. 위치마다 자기 정답이 있어야 합니다.',
    fix: '디코더의 출력(디코더 토큰으로 계산한 시퀀스)을 “logits”에 연결하세요.',
  },
  'head.timeMismatch': {
    message: '{block}: logits는 B×{logitsTime}×{classes}인데 targets는 B×{targetsTime}입니다. 위치마다 자기 정답이 있어야 합니다.',
    fix: '{targetsTime} 시퀀스로 계산한 logits를 연결하거나, 시간 축이 {logitsTime}인 정답 블록을 연결하세요.',
  },
  'recurrent.stateRank': {
    message: '{block}의 {state}는 예제마다 벡터 하나(B×{width})여야 하는데, {type}이(가) 들어옵니다.',
    fix: '다른 순환 블록(예: 인코더)의 시퀀스 출력이 아니라 “state” 출력을 연결하세요.',
  },
  'recurrent.stateRankLstm': {
    message: '{block}의 {state}는 예제마다 벡터 하나(B×{width})여야 하는데, {type}이(가) 들어옵니다.',
    fix: '다른 순환 블록(예: 인코더)의 시퀀스 출력이 아니라 “state”나 “cell” 출력을 연결하세요.',
  },
  'recurrent.stateWidth': {
    message: '{block}: {state}는 B×{given}인데 이 {cell}의 상태는 B×{width}입니다({width} = units).',
    fix: '{block}의 Units를 {units}(으)로 바꾸거나, 상태를 만드는 블록의 너비를 {width}(으)로 맞추세요.',
  },
  'recurrent.stateWidthBidirectional': {
    message: '{block}: {state}는 B×{given}인데 이 {cell}의 상태는 B×{width}입니다(양방향이라 {width} = 2 × {ownUnits} units).',
    fix: '{block}의 Units를 {units}(으)로 바꾸거나, 상태를 만드는 블록의 너비를 {width}(으)로 맞추세요.',
  },
  'recurrent.stateWidthBidirectionalOdd': {
    message: '{block}: {state}는 B×{given}인데 이 {cell}의 상태는 B×{width}입니다(양방향이라 {width} = 2 × {ownUnits} units).',
    fix: '{block}의 Units를 {units}(으)로 바꾸거나(또는 양방향을 끄거나), 상태를 만드는 블록의 너비를 {width}(으)로 맞추세요.',
  },
  'recurrent.stateWidthUnknown': {
    message: '{block}: {state}는 B×{given}인데 이 {cell}의 상태는 B×{width}입니다({width} = units).',
    fix: '너비가 정해진 상태를 연결하세요.',
  },
  'recurrent.stateWidthUnknownBidirectional': {
    message: '{block}: {state}는 B×{given}인데 이 {cell}의 상태는 B×{width}입니다(양방향이라 {width} = 2 × {ownUnits} units).',
    fix: '너비가 정해진 상태를 연결하세요.',
  },
  'recurrent.maskSteps': {
    message: '{block}: 마스크 ID {type}이(가) 입력의 {steps}개 시점과 맞지 않습니다.',
    fix: '“in”에 들어가는 시퀀스를 만든 토큰 입력(시간 축 {steps})을 “ids (mask)”에 연결하세요.',
  },
  'attention.dotWidths': {
    message: '{block}: dot 점수에는 너비가 같은 쿼리와 키가 필요한데, 너비가 {queryWidth}와(과) {keyWidth}입니다.',
    fix: '점수를 “general”로 바꾸거나(두 너비 사이를 잇는 W_a를 학습합니다), 양쪽 너비를 같게 하세요.',
  },
  'attention.keyIds': {
    message: '{block}: 키 토큰 ID {type}이(가) 키 위치 {keyTime}개와 맞지 않습니다.',
    fix: '키를 계산한 시퀀스의 토큰 입력(시간 축 {keyTime})을 “{port}”에 연결하세요.',
  },
  'attention.keysValuesLength': {
    message: '{block}: {what}의 길이가 다릅니다({keys} 대 {values}).',
    fix: '키와 밸류를 같은 시퀀스(보통 인코더 출력)에서 가져오세요.',
  },
  'attention.scaledDotWidths': {
    message: '{block}: 쿼리 너비는 {queryWidth}인데 키 너비는 {keyWidth}입니다. 내적에는 같은 너비가 필요합니다.',
    fix: 'Q와 K를 같은 너비로 선형 변환하세요(예: units가 같은 Dense 블록).',
  },
  'attention.headsDivide': {
    message: '{block}: d_model {dModel}이(가) 헤드 {heads}개로 나누어떨어지지 않아 헤드들이 똑같이 나눌 수 없습니다.',
    fix: 'heads를 {options}(으)로 바꾸거나, 앞쪽 너비를 {heads}의 배수(예: {widths})로 바꾸세요.',
  },
  'attention.headsDivideNoOption': {
    message: '{block}: d_model {dModel}이(가) 헤드 {heads}개로 나누어떨어지지 않아 헤드들이 똑같이 나눌 수 없습니다.',
    fix: '앞쪽 너비를 {heads}의 배수(예: {widths})로 바꾸세요.',
  },
  'segment.length': {
    message: '{block}: 시퀀스 길이는 {tokens}인데 세그먼트 ID 길이는 {segments}입니다.',
    fix: '토큰과 같은 시퀀스(같은 시간 축)의 세그먼트 ID를 넣으세요.',
  },
  'concat.axes': {
    message: '{block}: {a}와(과) {b}는 마지막 축을 뺀 모든 축이 같아야 마지막 축으로 연결(Concatenate)할 수 있습니다.',
    fix: '길이가 같은 두 시퀀스(또는 두 벡터)를 연결하세요. 시퀀스를 벡터로 바꾸려면 풀링을 쓰세요.',
  },
  'addNorm.shapes': {
    message: '{block}: 잔차는 {residual}인데 하위 층 출력은 {sublayer}입니다. 더하려면 모양이 같아야 합니다.',
    fix: '하위 층이 입력과 같은 너비를 내게 하고(예: 마지막 Dense의 units를 잔차 너비로), 둘 다 같은 시퀀스에서 가져오세요.',
  },
  'positional.maxLength': {
    message: '{block}: 시퀀스 위치는 {length}개({time})인데 최대 길이는 {maxLength}입니다.',
    fix: '{block}의 최대 길이를 {length} 이상으로 바꾸거나 시퀀스를 줄이세요.',
  },

  'fit.inputFeedMissing': {
    message: '{block}은(는) “{feed}”를 읽는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '토큰 입력의 피드를 {feeds} 중 하나로 바꾸거나, “{feed}”를 제공하는 데이터셋을 고르세요.',
  },
  'fit.anyInputFeedMissing': {
    message: '토큰 입력이 “{feed}”를 읽는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '토큰 입력의 피드를 {feeds} 중 하나로 바꾸거나, “{feed}”를 제공하는 데이터셋을 고르세요.',
  },
  'fit.labelsMissing': {
    message: '{block}은(는) “{feed}”를 요구하는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '분류 데이터셋을 쓰거나, 정답 블록을 “targets”로 바꾸고 토큰별 헤드를 쓰세요.',
  },
  'fit.headLabelsMissing': {
    message: '헤드의 정답이 “{feed}”를 요구하는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '분류 데이터셋을 쓰거나, 정답 블록을 “targets”로 바꾸고 토큰별 헤드를 쓰세요.',
  },
  'fit.targetsMissing': {
    message: '{block}은(는) “{feed}”를 요구하는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '토큰별 정답이 있는 데이터셋을 쓰거나, 정답 블록을 “labels”로 바꾸고 분류 헤드를 쓰세요.',
  },
  'fit.headTargetsMissing': {
    message: '헤드의 정답이 “{feed}”를 요구하는데, 데이터셋 “{dataset}”({task})은(는) {feeds}만 제공합니다.',
    fix: '토큰별 정답이 있는 데이터셋을 쓰거나, 정답 블록을 “labels”로 바꾸고 분류 헤드를 쓰세요.',
  },
  'fit.denseClasses': { message: 'Dense ‘{block}’의 units는 {width}인데 데이터셋의 클래스는 {expected}개입니다.', fix: 'units를 {expected}(으)로 바꾸세요.' },
  'fit.denseTokens': { message: 'Dense ‘{block}’의 units는 {width}인데 데이터셋의 토큰은 {expected}개입니다.', fix: 'units를 {expected}(으)로 바꾸세요.' },
  'fit.layerClasses': { message: '{block}의 units는 {width}인데 데이터셋의 클래스는 {expected}개입니다.', fix: '헤드 앞에 units가 {expected}인 Dense 층을 넣으세요.' },
  'fit.layerTokens': { message: '{block}의 units는 {width}인데 데이터셋의 토큰은 {expected}개입니다.', fix: '헤드 앞에 units가 {expected}인 Dense 층을 넣으세요.' },
  'fit.headInputClasses': { message: '헤드 앞 층의 units는 {width}인데 데이터셋의 클래스는 {expected}개입니다.', fix: '헤드 앞에 units가 {expected}인 Dense 층을 넣으세요.' },
  'fit.headInputTokens': { message: '헤드 앞 층의 units는 {width}인데 데이터셋의 토큰은 {expected}개입니다.', fix: '헤드 앞에 units가 {expected}인 Dense 층을 넣으세요.' },
  'fit.embeddingRowsRun': { message: '임베딩 ‘{block}’의 행은 {rows}개인데 데이터셋의 “{feed}”에는 토큰이 {needed}개 있습니다.', fix: '어휘 크기를 {needed}(으)로 바꾸세요.' },
  'fit.feedMissing': {
    message: '{block}은(는) “{feed}”를 읽는데, 데이터셋 “{dataset}”은(는) {feeds}만 제공합니다.',
    fix: '피드를 “{other}”(으)로 바꾸거나, “{feed}”를 제공하는 데이터셋을 고르세요.',
  },
  'fit.feedMissingNoOther': { message: '{block}은(는) “{feed}”를 읽는데, 데이터셋 “{dataset}”은(는) {feeds}만 제공합니다.', fix: '“{feed}”를 제공하는 데이터셋을 고르세요.' },
  'fit.sequenceCut': {
    message: '{block}은(는) 토큰을 {length}개까지 받는데, “{dataset}”의 시퀀스는 {suggested}개까지 갑니다. 더 긴 시퀀스는 잘립니다.',
    fix: '길이를 {suggested}(으)로 바꾸세요.',
  },
  'fit.noClassLabels': {
    message: '{block}은(는) 시퀀스마다 클래스 하나를 예측하는데, “{dataset}”({task})에는 클래스 레이블이 없습니다.',
    fix: '분류 데이터셋을 고르거나, 정답(Answers)이 “targets”인 정답 블록과 토큰별 헤드(LM, 마스크 언어 모델, seq2seq)를 쓰세요.',
  },
  'fit.noTokenTargets': {
    message: '{block}은(는) 위치마다 토큰을 예측하는데, “{dataset}”({task})은(는) 시퀀스마다 레이블 하나를 줍니다.',
    fix: '풀링 블록이 입력하는 분류 헤드로 바꾸고, 정답(Answers)이 “labels”인 정답 블록을 쓰세요.',
  },
  'fit.answersPerSequence': { message: '{block}은(는) 시퀀스마다 레이블 하나가 필요한데, {target}은(는) “{feed}”로 답합니다.', fix: '{target}의 정답(Answers)을 “{wanted}”(으)로 바꾸세요.' },
  'fit.answersPerPosition': { message: '{block}은(는) 위치마다 토큰 하나가 필요한데, {target}은(는) “{feed}”로 답합니다.', fix: '{target}의 정답(Answers)을 “{wanted}”(으)로 바꾸세요.' },
  'fit.classesDense': { message: '{block}은(는) 시퀀스마다 점수를 {width}개 내는데, “{dataset}”의 클래스는 {expected}개입니다.', fix: 'units를 {expected}(으)로 바꾸세요.' },
  'fit.tokensDense': { message: '{block}은(는) 위치마다 점수를 {width}개 내는데, “{dataset}”의 토큰은 {expected}개입니다.', fix: 'units를 {expected}(으)로 바꾸세요.' },
  'fit.classesLayer': {
    message: '{block}은(는) 시퀀스마다 점수를 {width}개 내는데, “{dataset}”의 클래스는 {expected}개입니다.',
    fix: '{head} 앞에 units가 {expected}인 Dense 층을 넣으세요.',
  },
  'fit.tokensLayer': {
    message: '{block}은(는) 위치마다 점수를 {width}개 내는데, “{dataset}”의 토큰은 {expected}개입니다.',
    fix: '{head} 앞에 units가 {expected}인 Dense 층을 넣으세요.',
  },
  'fit.classesHeadInput': {
    message: '{head}의 입력은 시퀀스마다 점수를 {width}개 내는데, “{dataset}”의 클래스는 {expected}개입니다.',
    fix: '{head} 앞에 units가 {expected}인 Dense 층을 넣으세요.',
  },
  'fit.tokensHeadInput': {
    message: '{head}의 입력은 위치마다 점수를 {width}개 내는데, “{dataset}”의 토큰은 {expected}개입니다.',
    fix: '{head} 앞에 units가 {expected}인 Dense 층을 넣으세요.',
  },
  'fit.embeddingRows': {
    message: '{block}의 행은 {rows}개인데, “{dataset}”의 “{feed}”에는 토큰이 {needed}개 있습니다. {rows}번째 행 뒤의 ID에는 벡터가 없습니다.',
    fix: '어휘 크기를 {needed}(으)로 바꾸세요.',
  },

  'memory.heavy': {
    message: '학습에 약 {total}이(가) 필요한데 한도는 {budget}입니다. 가장 큰 부분은 {block}의 파라미터 {parameters}개입니다(가중치 {weights}, 기울기를 더하면 {held}).',
    fix: '',
  },
  'memory.heavyOptimizer': {
    message: '학습에 약 {total}이(가) 필요한데 한도는 {budget}입니다. 가장 큰 부분은 {block}의 파라미터 {parameters}개입니다(가중치 {weights}, 기울기와 옵티마이저 모멘트를 더하면 {held}).',
    fix: '',
  },
  'memory.heavyFrozen': { message: '학습에 약 {total}이(가) 필요한데 한도는 {budget}입니다. 가장 큰 부분은 {block}의 파라미터 {parameters}개입니다(가중치 {weights}).', fix: '' },
  'memory.fixEmbedding': { message: '', fix: '{block}을(를) 줄이거나(어휘 크기나 너비를 작게), 가중치가 이미 학습되었다면 고정(freeze)하세요.' },
  'memory.fixEmbeddingFrozen': { message: '', fix: '{block}을(를) 줄이세요(어휘 크기나 너비를 작게).' },
  'memory.fixLayer': { message: '', fix: '{block}을(를) 줄이거나(units를 줄이거나 입력을 좁게), 가중치가 이미 학습되었다면 고정(freeze)하세요.' },
  'memory.fixLayerFrozen': { message: '', fix: '{block}을(를) 줄이세요(units를 줄이거나 입력을 좁게).' },
  'memory.largest': {
    message: '학습에 약 {total}이(가) 필요한데 한도는 {budget}입니다. 가장 큰 부분은 {block}의 {term}({bytes})입니다.',
    fix: 'T나 배치, 또는 헤드 수를 줄이거나(어텐션 메모리는 B·heads·T²로 늘어납니다) 모델을 좁게 만드세요.',
  },
  'memory.largestWeights': {
    message: '학습에 약 {total}이(가) 필요한데 한도는 {budget}입니다. 가장 큰 부분은 가중치입니다.',
    fix: 'T나 배치, 또는 헤드 수를 줄이거나(어텐션 메모리는 B·heads·T²로 늘어납니다) 모델을 좁게 만드세요.',
  },
  'memory.fixOneHot': { message: '', fix: '{block}의 “Lookup”을 gather로 바꾸세요. 원-핫 행렬이 필요 없습니다. 또는 T나 배치를 줄이세요.' },
  'run.continueOrTransfer': {
    message: '실행은 저장된 학습을 이어 가거나 다른 모델의 가중치에서 시작할 수 있지만, 둘 다 할 수는 없습니다.',
    fix: '저장된 실행을 이어 가거나, 다른 모델에서 미세 조정(파인 튜닝) 실행을 시작하세요.',
  },
  'run.nothingToContinue': {
    message: '이 모델은 이미 {done}스텝을 학습했고 스텝 수가 {steps}이라 더 실행할 것이 없습니다.',
    fix: '스텝 수를 {done}보다 크게 하세요. 이전 실행을 포함한 모든 스텝을 셉니다(예: {more}스텝을 더 학습하려면 {suggested}).',
  },
  'run.allFrozen': {
    message: '가중치가 있는 모든 블록이 고정되어 있어 학습해도 바뀌는 것이 없습니다.',
    fix: '블록을 하나 이상 고정 해제하세요(보통 마지막 층이나 헤드의 Dense 층).',
  },
  'run.nanLoss': {
    message: '{step}스텝에서 손실이 NaN이 되었습니다(학습률 {learningRate}). 학습을 멈추고 마지막 정상 스텝의 가중치를 남겼습니다.',
    fix: '학습률을 낮추고(Adam은 1e-3이 좋은 출발점입니다), 기울기 클리핑을 켜 두고(clip norm 1) 워밍업을 쓰세요.',
  },
  'run.infiniteLoss': {
    message: '{step}스텝에서 손실이 무한대가 되었습니다(학습률 {learningRate}). 학습을 멈추고 마지막 정상 스텝의 가중치를 남겼습니다.',
    fix: '학습률을 낮추고(Adam은 1e-3이 좋은 출발점입니다), 기울기 클리핑을 켜 두고(clip norm 1) 워밍업을 쓰세요.',
  },

  'file.notText': { message: '파일이 비어 있거나 텍스트가 아닙니다.', fix: 'Tensorloom 그래프 파일(.tlgraph.json)을 여세요.' },
  'file.graphTooLarge': { message: '파일 크기가 {size} MB입니다. 그래프 파일은 최대 {max} MB입니다.', fix: 'Tensorloom 그래프 파일이 맞는지 확인하세요.' },
  'file.notJson': { message: '파일이 올바른 JSON이 아닙니다({detail}).', fix: 'Tensorloom 그래프 파일을 열거나 JSON을 고치세요.' },
  'file.noGraph': { message: '파일에 그래프 객체가 없습니다.', fix: 'Tensorloom 그래프 파일을 여세요.' },
  'file.tooDeep': {
    message: '파일의 객체나 배열이 {max}단계보다 깊게 중첩되어 있습니다({path}). 그래프 파일은 최대 6단계면 됩니다.',
    fix: 'Tensorloom 그래프 파일이 맞는지 확인하거나 Tensorloom으로 저장한 파일을 여세요.',
  },
  'file.forbiddenKey': { message: '파일의 {path}에 금지된 키가 있습니다.', fix: '__proto__, constructor, prototype이라는 이름의 키를 지우세요.' },
  'file.version': { message: '파일의 형식 버전이 {version}(으)로, 이 버전의 Tensorloom은 읽을 수 없습니다.', fix: '더 새로운 Tensorloom으로 열거나 다시 내보내세요.' },
  'file.schemaAt': { message: '{path}: {detail}.', fix: '이 필드를 고치거나 Tensorloom으로 저장한 파일을 여세요.' },
  'file.schemaTop': { message: '최상위: {detail}.', fix: '이 필드를 고치거나 Tensorloom으로 저장한 파일을 여세요.' },
  'file.duplicateGroup': { message: '두 그룹이 같은 ID를 씁니다.', fix: '그룹마다 고유한 ID를 주세요.' },
  'file.duplicateNode': { message: '두 노드가 같은 ID “{id}”을(를) 씁니다.', fix: '노드마다 고유한 ID를 주세요.' },
  'file.unknownKind': { message: '노드 “{node}”의 종류 “{kind}”을(를) 이 버전은 모릅니다.', fix: '노드를 지우거나 더 새로운 Tensorloom으로 파일을 여세요.' },
  'file.missingGroup': { message: '노드 “{node}”이(가) 없는 그룹 “{group}”에 속해 있습니다.', fix: '노드의 그룹을 해제하세요.' },
  'file.duplicateEdge': { message: '두 연결이 같은 ID “{id}”을(를) 씁니다.', fix: '연결마다 고유한 ID를 주세요.' },
  'file.edgeNoNode': { message: '연결 “{id}”이(가) 없는 노드를 잇습니다.', fix: '연결을 지우세요.' },
  'file.edgeNoPort': {
    message: '연결 “{id}”이(가) {source}나 {target}에 없는 포트를 씁니다({sourcePort} → {targetPort}).',
    fix: '연결을 지우고 블록을 다시 연결하세요.',
  },
  'file.inputTwice': {
    message: '{block}의 “{port}” 입력에 연결이 두 개 있습니다.',
    fix: '입력은 연결을 하나만 받습니다. 하나를 지우거나 먼저 Concat이나 Add & Norm으로 합치세요.',
  },

  'text.utf16': { message: '{file}은(는) UTF-8이 아니라 UTF-16으로 저장되어 있습니다.', fix: '' },
  'text.binary': { message: '{file}의 {byte}번째 바이트({line}번째 줄)에 NUL 바이트가 있습니다. 텍스트가 아니라 바이너리 파일입니다.', fix: '' },
  'text.notUtf8': {
    message: '{file}은(는) UTF-8 텍스트가 아닙니다: {byte}번째 바이트({line}번째 줄)가 UTF-8 문자의 일부가 아닙니다(Latin-1이나 Windows-1252 같은 다른 인코딩이거나 텍스트가 아닐 수 있습니다).',
    fix: '',
  },
  'text.fixGraph': { message: '', fix: 'Tensorloom 모델(.tlgraph)이나 그래프(.tlgraph.json) 파일을 여세요. 손으로 고친 그래프는 UTF-8로 저장해야 합니다.' },
  'text.fixData': { message: '', fix: '파일을 UTF-8 텍스트로 저장하거나(대부분의 편집기는 다른 이름으로 저장 → 인코딩에 있습니다) .txt, .csv, .tsv 파일을 고르세요.' },
  'text.graphTooLarge': {
    message: '{file}의 크기는 {size}({bytes}바이트)입니다. 그래프 파일은 최대 {max}({maxBytes}바이트)입니다.',
    fix: 'Tensorloom 그래프나 모델 파일이 맞는지 확인하세요.',
  },
  'text.dataTooLarge': { message: '{file}의 크기는 {size}({bytes}바이트)입니다. 데이터 파일은 최대 {max}({maxBytes}바이트)입니다.', fix: '파일의 일부만 짧게 잘라 쓰세요.' },
  'data.tooManyChars': { message: '“{name}”은(는) {chars}자입니다. 스튜디오는 최대 {max}자까지 읽습니다.', fix: '파일의 일부만 짧게 잘라 쓰세요.' },
  'data.empty': { message: '“{name}”이(가) 비어 있습니다.', fix: '텍스트가 들어 있는 파일을 고르세요.' },
  'data.tooShort': {
    message: '“{name}”은(는) {chars}자뿐입니다. 언어 모델이 배우려면 최소 {min}자가 필요합니다.',
    fix: '더 긴 텍스트를 고르세요(적어도 몇 쪽).',
  },
  'data.columnsOne': {
    message: '“{name}”의 {line}번째 줄에는 열이 1개뿐입니다. 각 행에는 {separator}(으)로 구분된 열이 정확히 2개({columns}) 있어야 합니다.',
    fix: '쉼표가 들어간 텍스트는 큰따옴표로 감싸거나("like, this") 파일을 TSV로 저장하세요.',
  },
  'data.columns': {
    message: '“{name}”의 {line}번째 줄에는 열이 {count}개 있습니다. 각 행에는 {separator}(으)로 구분된 열이 정확히 2개({columns}) 있어야 합니다.',
    fix: '쉼표가 들어간 텍스트는 큰따옴표로 감싸거나("like, this") 파일을 TSV로 저장하세요.',
  },
  'data.columnsTsv': { message: '', fix: '모든 행에 열을 정확히 2개({columns}) 두세요.' },
  'data.emptyColumn': { message: '“{name}”의 {line}번째 줄에서 {column} 열이 비어 있습니다.', fix: '두 열을 모두 채우거나 그 행을 지우세요.' },
  'data.noRows': { message: '“{name}”에 행이 없습니다.', fix: '한 줄에 예제 하나씩 넣으세요.' },
  'data.tooFewRowsOne': { message: '“{name}”에는 예제가 1개뿐입니다. 최소 {min}개가 필요합니다(일부는 검증용으로 떼어 둡니다).', fix: '행을 더 넣으세요.' },
  'data.tooFewRows': { message: '“{name}”에는 예제가 {count}개뿐입니다. 최소 {min}개가 필요합니다(일부는 검증용으로 떼어 둡니다).', fix: '행을 더 넣으세요.' },
  'data.oneLabel': {
    message: '“{name}”의 모든 행의 레이블이 “{label}”입니다. 분류기에는 서로 다른 레이블이 최소 2개 필요합니다.',
    fix: '다른 클래스의 예제를 넣거나, 레이블이 두 번째 열에 있는지 확인하세요.',
  },
  'data.tooManyLabels': {
    message: '“{name}”에는 서로 다른 레이블이 {count}개 있습니다(최대 {max}개). 레이블이 두 번째 열이 아닌 것 같습니다.',
    fix: '텍스트를 첫 번째, 레이블을 두 번째 열에 두고 행마다 짧은 레이블 하나를 쓰세요.',
  },
  'data.openQuote': { message: '“{name}”의 {line}번째 줄에서 연 큰따옴표가 닫히지 않았습니다.', fix: '따옴표를 닫거나, 따옴표 문자 자체는 두 번("") 쓰세요.' },

  'weights.duplicateName': { message: '모델의 가중치 두 개가 모두 “{name}”이라는 이름입니다.', fix: '이 그래프를 보고해 주세요. 가중치마다 이름이 따로 있어야 저장하거나 불러올 수 있습니다.' },
  'weights.noOwner': { message: '층 “{layer}”을(를) 만든 블록이 없습니다.', fix: '이 그래프를 보고해 주세요. 가중치마다 이름이 따로 있어야 저장하거나 불러올 수 있습니다.' },
  'weights.savedTwice': { message: '저장된 가중치에 “{name}”이(가) 두 번 있습니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.missing': { message: '{block}에는 저장된 가중치에 없는 가중치 “{weight}”({shape})이(가) 있습니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.shape': { message: '{block}의 “{weight}”은(는) 그래프에서 {shape}이지만 저장된 가중치에서는 {savedShape}입니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.shapeValues': { message: '{block}의 “{weight}”은(는) 그래프에서 {shape}이지만 저장된 가중치에서는 값이 {values}개인 {savedShape}입니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.extra': { message: '저장된 가중치에 그래프의 어느 블록에도 없는 “{name}”({shape})이(가) 있습니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.optimizer': {
    message: '이 모델은 {saved}(으)로 학습했으므로 {chosen}(으)로 이어 가면 옵티마이저 상태를 버리게 됩니다.',
    fix: '이어 가려면 옵티마이저를 {saved}(으)로 되돌리거나, 이 가중치에서 새 실행(미세 조정)을 시작하세요.',
  },
  'weights.optimizerExtra': { message: '저장된 옵티마이저 상태에 그래프의 어느 가중치에도 속하지 않는 “{name}”이(가) 있습니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },
  'weights.optimizerShape': { message: '{block}의 “{weight}”에 대한 옵티마이저 상태는 {savedShape}인데 가중치는 {shape}입니다.', fix: '그래프가 이 가중치를 학습한 뒤로 바뀌었습니다. 그 블록의 변경을 되돌리거나, 이 가중치에서 미세 조정 실행을 시작하세요(아직 맞는 블록은 불러오고 나머지는 건너뜁니다).' },

  'group.holdsHead': {
    message: '그룹 “{group}”(×{repeat})에 손실 헤드 “{head}”이(가) 들어 있습니다. 반복 그룹은 층을 쌓은 것이라, 복사본마다 손실이 따로 필요해집니다.',
    fix: '헤드(와 그 정답 블록)를 그룹 밖으로 옮기고 그룹의 출력에서 입력받게 하세요.',
  },
  'group.outputs': {
    message: '그룹 “{group}”(×{repeat})에서 나가는 출력이 {count}개입니다. 반복 그룹에는 정확히 하나가 필요합니다.',
    fix: '그룹의 블록 하나가 그룹 밖의 모든 것에 값을 보내게 하거나, 반복 횟수를 1로 하세요.',
  },
  'group.carryNoBlock': {
    message: '그룹 “{group}”(×{repeat})은(는) 복사본에서 복사본으로 “{carry}”을(를) 넘기는데, 그래프에 그 ID의 블록이 없습니다.',
    fix: '첫 복사본에 값을 보내는 블록을 고르거나, 넘기는 값 설정을 지워 자동으로 찾게 하세요.',
  },
  'group.carryInside': {
    message: '그룹 “{group}”(×{repeat})은(는) 복사본에서 복사본으로 “{carry}”을(를) 넘기는데, 그 블록은 그룹 안에 있습니다. 넘기는 값은 첫 복사본이 읽는 그룹 밖의 출력입니다.',
    fix: '그룹에 값을 보내는, 그룹 밖의 블록을 고르세요.',
  },
  'group.carryNoOutput': {
    message: '그룹 “{group}”(×{repeat})은(는) 복사본에서 복사본으로 “{carry}”을(를) 넘기는데, 그 블록에는 출력 “{port}”이(가) 없습니다.',
    fix: '그 블록의 출력 중 하나를 고르세요.',
  },
  'group.carryNotConnected': {
    message: '그룹 “{group}”(×{repeat})은(는) 복사본에서 복사본으로 “{carry}”을(를) 넘기는데, 그것이 그룹의 어느 블록에도 연결되지 않아 복사본들이 이어지지 않습니다.',
    fix: '그것을 그룹에 연결하거나, 그룹에 값을 보내는 출력을 고르세요.',
  },
  'group.carryShape': {
    message: '그룹 “{group}”(×{repeat})은(는) 복사본에서 복사본으로 “{carry}”을(를) 넘기는데, 그것은 {carryType}이고 그룹의 출력은 {exitType}입니다. 각 복사본은 그 자리에 이전 복사본의 출력을 받으므로 둘이 같아야 합니다.',
    fix: '그룹의 출력과 모양이 같은 그룹 입력을 고르세요(토큰 ID가 아니라 층마다 다듬는 시퀀스).',
  },
  'group.carryUnclear': {
    message: '그룹 “{group}”(×{repeat})은(는) 반복되는데, 각 복사본이 이전 복사본에서 어느 입력을 받아야 할지 분명하지 않습니다(출력과 모양이 같은 입력이 {count}개).',
    fix: '그룹의 출력과 모양이 같은 출력을 내는 블록 하나에서 그룹에 입력하거나, 그것을 그룹의 넘기는 값으로 지정하세요.',
  },
  'group.shapesUnknown': { message: '그룹 “{group}” 주변의 모양을 모르는 동안에는 그룹을 반복할 수 없습니다.', fix: '그룹에 값을 보내는 블록들의 문제를 먼저 고치세요.' },
  'group.tooLarge': {
    message: '반복 그룹을 펼치면 그래프의 블록이 {count}개입니다. 컴파일러는 최대 {max}개까지 만듭니다.',
    fix: '반복 횟수를 줄이거나 반복 그룹을 작게 만드세요.',
  },
  'group.tooLargeWhere': {
    message: '반복 그룹을 펼치면 그래프의 블록이 {count}개입니다. 컴파일러는 최대 {max}개까지 만듭니다. 가장 큰 부분은 그룹 “{group}”: 블록 {size}개 × {repeat}입니다.',
    fix: '반복 횟수를 줄이거나 반복 그룹을 작게 만드세요.',
  },

  'studio.nothingToContinue': {
    message: '이어서 학습할 모델이 없습니다. 앱을 시작한 뒤로 학습하거나 연 모델이 없습니다.',
    fix: '처음부터 학습하거나, 학습 후 저장한 모델 파일을 여세요.',
  },
  'studio.vocabChanged': {
    message: '모델이 배운 어휘와 이 데이터가 지금 읽는 어휘가 달라서, 임베딩이 다른 토큰을 뜻하게 됩니다.',
    fix: '이어서 학습하려면 모델을 학습시킨 데이터를 고르거나, 이 데이터로 처음부터 학습하세요.',
  },
  'studio.vocabOtherData': {
    message: '모델이 배운 어휘와 고른 데이터의 어휘가 달라서, 임베딩이 다른 토큰을 뜻하게 됩니다.',
    fix: '이어서 학습하려면 모델을 학습시킨 데이터를 고르거나, 이 데이터로 처음부터 학습하세요.',
  },
  'studio.noWeightsToProbe': {
    message: '이 모델 파일에는 그래프만 있고 학습된 가중치가 없어서 시험해 볼 것이 없습니다.',
    fix: '그래프를 학습한 뒤 다시 저장하거나, 학습 후 저장한 모델 파일을 여세요.',
  },
  'studio.noVocabularyToProbe': {
    message: '이 모델 파일에는 그래프만 있고 학습에 쓴 어휘가 없어서 시험해 볼 것이 없습니다.',
    fix: '그래프를 학습한 뒤 다시 저장하거나, 학습 후 저장한 모델 파일을 여세요.',
  },
  'studio.emptyCanvas': { message: '캔버스가 비어 있습니다.', fix: '템플릿을 열거나 팔레트에서 블록을 추가하세요.' },

  'compile.noHead': { message: '그래프에 손실 헤드가 없어 학습할 것이 없습니다.', fix: '헤드 항목에서 헤드를 추가하고 logits와 targets를 연결하세요.' },
  'compile.headNoTargets': { message: '정답이 연결되지 않은 헤드가 있습니다.', fix: '헤드에 정답 블록을 연결하세요.' },
  'export.noHead': {
    message: '그래프에 손실 헤드가 없어 학습할 수 있는 모델로 내보낼 것이 없습니다.',
    fix: '헤드 항목에서 헤드를 추가하고 logits와 targets를 연결하세요.',
  },
  'export.headInRepeatedGroup': { message: '{block}은(는) 반복 그룹 “{group}” 안에 있는 손실 헤드입니다.', fix: '헤드를 그룹 밖으로 옮기세요.' },
  'export.missingInput': { message: '{block}의 “{port}”에 아무것도 연결되지 않았습니다.', fix: '{block}의 “{port}” 입력을 연결하세요.' },

  'file.paramVersionNewer': {
    message: '노드 “{node}”은(는) 파라미터 버전 {from}(으)로 저장된 {blockKind}({kind}) 블록입니다. 이 버전의 Tensorloom은 {to}까지 읽습니다.',
    fix: '이 파일을 열려면 Tensorloom을 업데이트하세요.',
  },
  'file.paramVersionUnknown': {
    message: '노드 “{node}”({kind})의 파라미터 버전은 {version}인데, 이 버전의 Tensorloom은 그것을 최신으로 바꿀 방법이 없습니다.',
    fix: 'Tensorloom을 업데이트하거나, 노드를 지우고 다시 추가하세요.',
  },
  'file.paramMigrationFailed': {
    message: '노드 “{node}”({kind})의 파라미터를 버전 {version}에서 바꾸지 못했습니다({detail}).',
    fix: '노드를 지우고 새 {blockKind}을(를) 추가하거나, 파일에서 파라미터를 고치세요.',
  },
  'data.unknownDataset': { message: '“{id}”이라는 내장 데이터셋이 없습니다.', fix: '다음 중 하나를 고르세요: {ids}.' },
  'data.notPrepared': { message: '데이터셋 “{id}”을(를) 준비하지 못했습니다({detail}).', fix: '`npm run build:data`를 다시 실행하고, 그래도 안 되면 알려 주세요.' },

  'model.fixResave': { message: '', fix: 'Tensorloom으로 저장한 파일을 열거나, 이 파일을 새로 받아 오세요.' },
  'model.fixDamaged': { message: '', fix: '저장한 뒤에 파일이 잘렸거나 바뀌었습니다. 받아 온 곳에서 다시 복사하거나 이전에 저장한 파일을 여세요.' },
  'model.internal': { message: '모델 파일을 읽을 수 없습니다({detail}).', fix: '이 파일을 Tensorloom 개발자에게 보고해 주세요.' },
  'model.notBytes': { message: '파일이 비어 있거나 바이트 데이터가 아닙니다. Tensorloom 모델 파일(.tlgraph)도 그래프 파일(.tlgraph.json)도 아닙니다.', fix: 'Tensorloom으로 저장한 파일을 여세요.' },
  'model.notZipOrJson': { message: '파일이 zip도 JSON 그래프도 아닙니다. Tensorloom 모델 파일(.tlgraph)도 그래프 파일(.tlgraph.json)도 아닙니다.', fix: 'Tensorloom으로 저장한 파일을 여세요.' },
  'model.empty': { message: '파일이 비어 있습니다. Tensorloom 모델 파일(.tlgraph)도 그래프 파일(.tlgraph.json)도 아닙니다.', fix: 'Tensorloom으로 저장한 파일을 여세요.' },
  'model.notZip': { message: '파일이 zip 압축 파일이 아닙니다. Tensorloom 모델 파일(.tlgraph)도 그래프 파일(.tlgraph.json)도 아닙니다.', fix: 'Tensorloom으로 저장한 파일을 여세요.' },
  'model.fileTooLarge': { message: '파일 크기가 {size}입니다. 모델 파일은 최대 {max}입니다.', fix: 'Tensorloom 모델 파일이 맞는지 확인하세요.' },
  'model.entryTooLarge': { message: '항목 {entry}은(는) 풀면 {size}입니다. Tensorloom은 이 항목을 최대 {max}까지 읽습니다.', fix: 'Tensorloom 모델 파일이 맞는지 확인하세요. 이만큼 큰 모델은 열 수 없습니다.' },
  'model.totalTooLarge': { message: '파일을 모두 풀면 {size}입니다. Tensorloom은 최대 {max}까지 읽습니다.', fix: 'Tensorloom 모델 파일이 맞는지 확인하세요. 이만큼 큰 모델은 열 수 없습니다.' },
  'model.noManifest': { message: '파일에 manifest.json이 없으므로 Tensorloom 모델 파일이 아닙니다.', fix: '' },
  'model.manifestNotFirst': { message: 'manifest.json이 파일의 첫 항목이 아닙니다.', fix: '' },
  'model.unknownEntry': { message: '파일에 버전 {version} 모델 파일에는 없는 항목 “{entry}”이(가) 있습니다.', fix: '' },
  'model.entriesDiffer': { message: 'manifest.json에 적힌 항목은 {listed}인데, 파일에 든 항목은 {actual}입니다.', fix: '' },
  'model.manifestNotObject': { message: 'manifest.json이 객체가 아닙니다.', fix: '' },
  'model.manifestFormat': { message: 'manifest.json에 따르면 이 파일은 “{expected}”가 아니라 “{format}”입니다.', fix: 'Tensorloom 모델 파일(.tlgraph)을 여세요.' },
  'model.versionNewer': { message: '이 모델 파일은 더 새로운 Tensorloom이 쓴 버전 {version}입니다. 이 버전은 버전 {max}까지의 모델 파일을 읽습니다.', fix: '이 파일을 열려면 Tensorloom을 업데이트하세요.' },
  'model.versionUnknown': { message: '모델 파일의 버전이 {version}인데, 어떤 Tensorloom도 이런 버전을 쓰지 않습니다.', fix: '' },
  'model.missingEntry': { message: '파일에 {entry}이(가) 없습니다.', fix: '' },
  'model.pairMissing': { message: '파일에 {has}은(는) 있지만 {lacks}은(는) 없습니다. 둘은 함께 있어야 합니다.', fix: '' },
  'model.optimizerNoWeights': { message: '파일에 옵티마이저 상태는 있지만 가중치가 없습니다.', fix: '' },
  'model.containsMissing': { message: 'manifest.json에는 파일에 {flag}이(가) 있다고 적혀 있지만 {entry}이(가) 없습니다.', fix: '' },
  'model.containsExtra': { message: 'manifest.json에는 파일에 {flag}이(가) 없다고 적혀 있지만 {entry}이(가) 있습니다.', fix: '' },
  'model.tooManyRuns': { message: 'runs.json에 실행이 {count}개 있습니다. 파일 하나에는 최대 {max}개까지 담깁니다.', fix: '' },
  'model.runsCount': { message: 'manifest.json에는 실행이 {listed}개라고 적혀 있지만 runs.json에는 {actual}개가 있습니다.', fix: '' },
  'model.entryDamaged': { message: '항목 {entry}이(가) 손상되었습니다: {detail}.', fix: '' },
  'model.entryNotUtf8': { message: '{entry}은(는) UTF-8 텍스트가 아닙니다.', fix: '' },
  'model.entryNotJson': { message: '{entry}은(는) 올바른 JSON이 아닙니다({detail}).', fix: '' },
  'model.schemaAt': { message: '{entry}의 {at}: {detail}.', fix: '' },
  'model.schemaEntry': { message: '{entry}의 내용: {detail}.', fix: '' },
  'model.truncated': { message: '파일이 잘렸거나 손상되었습니다: {detail}.', fix: '' },
  'model.corrupt': { message: '파일이 손상되었습니다: {detail}.', fix: '' },
  'model.corruptAt': { message: '파일의 {entry} 부분이 손상되었습니다: {detail}.', fix: '' },
  'model.unsupported': { message: '파일을 읽을 수 없습니다: {detail}. Tensorloom 모델 파일은 이렇게 쓰이지 않습니다.', fix: '' },
  'model.unsupportedAt': { message: '파일의 항목 {entry}을(를) 읽을 수 없습니다: {detail}. Tensorloom 모델 파일은 이렇게 쓰이지 않습니다.', fix: '' },
  'model.tooManyEntries': { message: '파일에 항목이 {count}개 있습니다. 모델 파일에는 항목이 최대 {max}개입니다.', fix: '' },
  'model.unsafeEntryName': { message: '파일에 안전하지 않은 이름의 항목 “{entry}”이(가) 있습니다: {reason}.', fix: '' },
  'model.duplicateEntry': { message: '파일에 이름이 “{entry}”인 항목이 두 개 있습니다.', fix: '' },
};

/** What each code means, in Korean: shown above the English detail of a problem the engine built from text it does not own. */
export const koCodeSummaries: Record<ErrorCode, string> = {
  E_PARSE_JSON: '파일이 올바른 JSON이 아닙니다.',
  E_SCHEMA: '문서가 그래프 형식과 맞지 않습니다.',
  E_VERSION: '더 새롭거나 알 수 없는 형식 버전으로 쓴 문서입니다.',
  E_UNKNOWN_KIND: '이 버전이 모르는 블록 종류의 노드가 있습니다.',
  E_DUPLICATE_ID: '두 노드, 연결 또는 그룹이 같은 ID를 씁니다.',
  E_BAD_PARAM: '파라미터가 범위를 벗어났거나 형식이 틀렸습니다.',
  E_DANGLING_EDGE: '연결이 없는 노드나 포트를 가리킵니다.',
  E_PORT_TAKEN: '입력 포트에 이미 연결이 있습니다.',
  E_MISSING_INPUT: '꼭 필요한 입력 포트가 연결되지 않았습니다.',
  E_CYCLE: '그래프에 순환 고리가 있습니다. 데이터는 한 방향으로 흘러야 합니다.',
  E_DTYPE_MISMATCH: '벡터가 필요한 포트에 토큰 ID가 들어오거나 그 반대입니다.',
  E_RANK_MISMATCH: '포트에 차원 수(rank)가 틀린 텐서가 들어옵니다.',
  E_SHAPE_MISMATCH: '한 차원에서 같아야 할 두 텐서가 다릅니다.',
  E_HEADS_DIVIDE: '모델 너비가 헤드 수로 나누어떨어지지 않습니다.',
  E_TOO_LARGE: '모델이나 그 차원 하나가 너무 커서 만들 수 없습니다.',
  E_NESTING_TOO_DEEP: '파일의 객체나 배열 중첩이 그래프 파일보다 훨씬 깊습니다.',
  E_GRAPH_TOO_DEEP: '반복 그룹을 펼친 가장 긴 블록 사슬이 컴파일러가 만들 수 있는 것보다 깁니다.',
  E_GRAPH_TOO_LARGE: '반복 그룹을 펼치면 컴파일러가 만드는 것보다 블록이 많아집니다.',
  E_LAYER_NAME: '두 노드 ID가 층에 같은 이름을 줍니다.',
  E_FEED_TAKEN: '두 토큰 입력이 데이터셋의 같은 피드를 읽습니다.',
  E_NO_INPUT: '그래프에 토큰 입력이 없습니다.',
  E_NO_HEAD: '그래프에 손실 헤드가 없어 학습할 것이 없습니다.',
  E_EMPTY_GRAPH: '캔버스에 아직 블록이 없습니다.',
  E_UNUSED_OUTPUT: '블록의 출력이 아무 데도 가지 않아 손실 헤드에 닿지 않습니다.',
  E_PRENORM_NO_NORM: 'pre-norm Add & Norm의 하위 층이 층 정규화를 거치지 않은 입력을 읽습니다.',
  E_LABEL_KIND: '토큰별 정답이 시퀀스별 헤드에, 또는 시퀀스별 레이블이 토큰별 헤드에 연결되었습니다.',
  E_SEQUENCE_LENGTH: '토큰 입력이 데이터셋의 시퀀스보다 짧아 시퀀스가 잘립니다.',
  E_GROUP: '그룹을 그린 대로 반복할 수 없습니다.',
  E_VOCAB_MISMATCH: '층 크기가 데이터셋의 어휘 크기나 클래스 수와 맞지 않습니다.',
  E_FEED_MISSING: '그래프가 요구하는 입력을 데이터셋이 제공하지 않습니다.',
  E_NAN_LOSS: '손실이 NaN이나 무한대가 되었습니다.',
  E_WEIGHTS_MISMATCH: '저장된 가중치가 불러오는 그래프와 맞지 않습니다.',
  E_OPTIMIZER_MISMATCH: '저장된 옵티마이저 상태가 다른 옵티마이저의 것입니다.',
  E_NOTHING_TO_CONTINUE: '모델이 이미 요청한 스텝 수만큼 학습했습니다.',
  E_NOTHING_TO_TRAIN: '가중치가 있는 모든 블록이 고정되어 있어 학습해도 바뀌는 것이 없습니다.',
  E_OUT_OF_MEMORY: '이 실행은 메모리에 들어가지 않습니다.',
  E_UNKNOWN_TEMPLATE: '그 이름의 템플릿이나 파일이 없습니다.',
  E_UNKNOWN_DATASET: '그 ID의 내장 데이터셋이 없습니다.',
  E_DATA: '데이터를 읽을 수 없습니다.',
  E_FILE_NOT_TEXT: '파일이 UTF-8 텍스트가 아닙니다(다른 인코딩, UTF-16 또는 바이너리 파일).',
  E_FILE_TOO_LARGE: '파일이 Tensorloom이 그 종류에 대해 읽는 크기보다 큽니다.',
  E_FILE_NOT_REGULAR: '경로가 일반 파일이 아니라 폴더, 파이프 또는 장치입니다.',
  E_FILE_NOT_FOUND: '그 경로에 파일이 없습니다.',
  E_FILE_ACCESS: '파일은 있지만 읽을 수 없습니다.',
  E_USAGE_NO_COMMAND: '명령줄에 명령이 없습니다.',
  E_USAGE_UNKNOWN_COMMAND: '명령줄의 명령이 존재하지 않습니다.',
  E_USAGE_UNKNOWN_OPTION: '명령줄에 그 명령이 받지 않는 옵션이 있습니다.',
  E_USAGE_OPTION_VALUE: '옵션에 값이 없거나, 값을 받지 않는 옵션에 값이 있습니다.',
  E_USAGE_ARGUMENTS: '명령에 인자가 너무 적거나 많습니다.',
  E_WORKER: '학습 워커가 실패했거나 시작하지 못했습니다.',
  E_MODEL_NOT_ZIP: 'Tensorloom 모델 파일(.tlgraph)도 그래프 파일(.tlgraph.json)도 아닙니다.',
  E_MODEL_CORRUPT: '모델 파일이 손상되었습니다. 잘렸거나 체크섬이나 구조가 맞지 않습니다.',
  E_MODEL_TOO_LARGE: '모델 파일이나 그 안의 항목이 Tensorloom이 읽는 크기보다 크게 풀립니다.',
  E_MODEL_ENTRY: '모델 파일에 안전하지 않거나, 알 수 없거나, 반복된 이름의 항목이 있거나 항목이 너무 많습니다.',
  E_MODEL_MANIFEST: '모델 파일의 매니페스트가 없거나, 처음에 있지 않거나, 파일을 설명하지 않습니다.',
  E_MODEL_WEIGHTS: '저장된 가중치나 옵티마이저 상태의 형식이 틀렸거나 유한한 수가 아닙니다.',
  E_MODEL_TOKENIZER: '저장된 어휘나 클래스 목록의 형식이 틀렸습니다.',
  E_EXPORT_TARGET: '그 대상으로 내보내는 기능이 없습니다.',
  E_EXPORT_EXISTS: '내보낼 폴더에 이미 파일이 있습니다.',
  E_EXPORT_UNSUPPORTED: '내보낼 대상에 없는 형태의 블록이 있습니다.',
  E_INTERNAL: '검사에서 예상하지 못한 문제가 생겼습니다.',
};
