/**
 * Every sentence the engine says to a learner, in English, under a stable key. A problem carries its code
 * (what kind of problem), its key (which sentence) and the values the sentence names; the CLI and logs read
 * the English text filled from here, the UI renders the same key from its own translation in the learner's
 * language. A key's params never change name once shipped: translations are written against them.
 *
 * Placeholders are `{name}`. Numbers are given as numbers so each language groups digits its own way;
 * user-written text (labels, ids, keys) is elided at the call site.
 */
import type { ErrorCode } from './errors';

export type MessageParam = string | number;
export type MessageParams = Readonly<Record<string, MessageParam>>;
export interface MessageTemplate {
  readonly message: string;
  readonly fix: string;
}

export const MESSAGES = {
  // ── Connections (canConnect) ────────────────────────────────────────────────
  'connect.notABlock': { message: 'One end of this connection is not a block.', fix: '' },
  'connect.self': { message: '{block} cannot feed itself.', fix: '' },
  'connect.portToPort': { message: 'Connect an output port to an input port.', fix: '' },
  'connect.portTaken': { message: 'The “{port}” input of {block} is already connected; delete that connection first.', fix: '' },
  'connect.loop': { message: 'This would make a loop: {block} already feeds {source}.', fix: '' },
  'connect.wrongKind': { message: '{block} expects {want}; this port gives {gives}.', fix: '' },
  'connect.alreadyConnected': { message: 'These two ports are already connected.', fix: '' },
  'connect.needsLabels': { message: '{block} needs one class label per sequence (B ids); {source} gives one answer per position ({type}).', fix: '' },
  'connect.needsLabelsSetAnswers': {
    message: '{block} needs one class label per sequence (B ids); {source} gives one answer per position ({type}).',
    fix: 'Set the Answers of {source} to “labels” first.',
  },
  'connect.needsTargets': { message: '{block} needs one target token per position (B×T ids); {source} gives one label per sequence ({type}).', fix: '' },
  'connect.needsTargetsSetAnswers': {
    message: '{block} needs one target token per position (B×T ids); {source} gives one label per sequence ({type}).',
    fix: 'Set the Answers of {source} to “targets” first.',
  },

  // ── The graph as a whole (analyze, structure, warnings) ─────────────────────
  'graph.cycle': { message: '{blocks} form a cycle.', fix: 'Remove one edge of the loop; recurrence belongs inside an RNN/LSTM/GRU block.' },
  'graph.missingInput': { message: '{block} has nothing connected to its “{port}” input.', fix: 'Drag a connection into the “{port}” port of {block}.' },
  'graph.noInput': { message: 'The graph has no Token Input.', fix: 'Add a Token Input from the Inputs section of the palette.' },
  'graph.noHead': {
    message: 'The graph has no loss head, so it cannot be trained.',
    fix: 'Add a head (LM, classification, masked-LM or seq2seq) from the Heads section and connect its logits and targets.',
  },
  'graph.blockFailed': { message: '{block}: {detail}', fix: 'Check the connections and parameters of this block.' },
  'graph.chainTooDeep': {
    message: 'The longest chain of blocks is {length} blocks long (up to “{last}”); the compiler builds chains of at most {max}.',
    fix: 'Shorten the chain: fewer blocks one after another.',
  },
  'graph.chainTooDeepRepeated': {
    message: 'The longest chain of blocks, with repeated groups expanded, is {length} blocks long (up to “{last}”); the compiler builds chains of at most {max}.',
    fix: 'Lower the repeat counts of the groups on that chain, or shorten it.',
  },
  'graph.feedTaken': {
    message: 'Token Inputs “{first}” and “{second}” both read the “{feed}” feed; each feed of the dataset enters the graph once.',
    fix: 'Set the feed of “{second}” to another one, or delete it and connect its blocks to “{first}”.',
  },
  'graph.empty': { message: 'The canvas is empty: there is no model to train yet.', fix: 'Drag a Token Input from the palette to begin, or open a template.' },
  'graph.unusedOutput': {
    message: 'The output of {block} goes nowhere: it is computed but never reaches a loss head.',
    fix: 'Drag a connection from its output to the next block, or delete {block}.',
  },
  'graph.prenormNoNorm': {
    message: '{block} is pre-norm, so it only adds; but {sublayer} reads {fed} un-normalised, so nothing in this residual block normalises.',
    fix: 'Put a Layer Norm between {fed} and {sublayer}, or set the Norm placement of {block} to “post”.',
  },
  'graph.layerName': {
    message: 'The ids “{first}” and “{second}” differ only in “-” against “_”, and their blocks’ layers (and saved weights) would share the name “{prefix}…”.',
    fix: 'Rename the block “{second}” (for example to “{second}2”).',
  },

  // ── Parameters ──────────────────────────────────────────────────────────────
  'param.invalid': { message: '{block}: “{param}” is {value}, but it {reason}.', fix: 'Set “{param}” of {block} to a valid value (default {default}).' },
  'param.rule.whole': { message: 'must be a whole number', fix: '' },
  'param.rule.range': { message: 'must be between {min} and {max}', fix: '' },
  'param.rule.number': { message: 'must be a number', fix: '' },
  'param.rule.option': { message: 'must be one of {options}', fix: '' },
  'param.rule.bool': { message: 'must be on or off (true/false)', fix: '' },

  // ── Block shape checks (block specs) ────────────────────────────────────────
  'block.inputMissing': { message: '{block} needs its “{port}” input connected.', fix: 'Connect a block to the “{port}” port of {block}.' },
  'block.sequenceGotIds': {
    message: '{block} expects a sequence of vectors B×T×d on “{port}”; this port gives token ids {type}.',
    fix: 'Put an Embedding between the token ids and this block.',
  },
  'block.sequenceRank': {
    message: '{block} expects a sequence B×T×d on “{port}”; it receives {type}.',
    fix: 'Connect a block that returns a whole sequence (e.g. an RNN with “return sequences” on).',
  },
  'block.vectorsGotIds': { message: '{block} expects vectors on “{port}”; this port gives token ids {type}.', fix: 'Put an Embedding between the token ids and this block.' },
  'block.tokensExpected': { message: '{block} expects token ids B×T on “{port}”; it receives {type}.', fix: 'Connect a Token Input (or a Target) to this port.' },
  'block.fixedSize': { message: '{block} needs a fixed {what}, but it is “{dim}”.', fix: 'Give {what} a fixed size upstream.' },
  'head.targetsFromTarget': {
    message: '{block}: its “targets” must come from a Target / Labels block, not from a model input or layer.',
    fix: 'Connect a Target / Labels block to “targets”.',
  },
  'head.logitsMissing': { message: '{block} needs its “logits” input connected.', fix: 'Connect the last Dense layer (units = vocabulary size or number of classes).' },
  'head.logitsGotIds': {
    message: '{block} expects scores (logits) on “logits”; it receives token ids {type}.',
    fix: 'Connect the output of a Dense layer whose units equal the vocabulary size (or the number of classes).',
  },
  'head.logitsPerPosition': {
    message: '{block} expects one score vector per position (B×T×V); it receives {type}, one vector per sequence.',
    fix: 'Keep the time axis (RNN output “sequence”, no Pooling), or use a {classifier} for one label per sequence.',
  },
  'head.logitsPerSequence': {
    message: '{block} expects one score vector per sequence (B×C); it receives {type}, one vector per position.',
    fix: 'Add a Pooling block (mode “first” for [CLS], “last” for an RNN) or set the RNN’s output to “last” before the final Dense layer.',
  },
  'head.tooFewClasses': {
    message: '{block}: logits have {classes} score per example; softmax needs at least 2 classes.',
    fix: 'Set the units of the last Dense layer to the vocabulary size or the number of classes.',
  },
  'head.targetsMissing': { message: '{block} needs its “targets” input connected.', fix: 'Connect a Target / Labels block.' },
  'head.targetsPerPosition': {
    message: '{block} expects one target token per position (B×T ids); it receives {type}.',
    fix: 'Connect a Target block with Answers = “targets”.',
  },
  'head.labelsPerSequence': {
    message: '{block} expects one class label per sequence (B ids); it receives {type}.',
    fix: 'Connect a Target block with Answers = “labels”.',
  },
  'head.timeMismatchDecoder': {
    message: '{block}: logits are B×{logitsTime}×{classes} but targets are B×{targetsTime}; each position needs its own target.',
    fix: 'Connect the decoder’s output (the sequence computed from the decoder tokens) to “logits”.',
  },
  'head.timeMismatch': {
    message: '{block}: logits are B×{logitsTime}×{classes} but targets are B×{targetsTime}; each position needs its own target.',
    fix: 'Connect logits computed from the {targetsTime} sequence, or a Target whose time axis is {logitsTime}.',
  },
  'recurrent.stateRank': {
    message: '{block} expects its {state} to be one vector per example (B×{width}); it receives {type}.',
    fix: 'Connect the “state” output of another recurrent block (e.g. the encoder), not its sequence output.',
  },
  'recurrent.stateRankLstm': {
    message: '{block} expects its {state} to be one vector per example (B×{width}); it receives {type}.',
    fix: 'Connect the “state” or “cell” output of another recurrent block (e.g. the encoder), not its sequence output.',
  },
  'recurrent.stateWidth': {
    message: '{block}: the {state} is B×{given} but this {cell}’s state is B×{width} ({width} = its units).',
    fix: 'Set Units of {block} to {units}, or give the block that makes the state {width} wide.',
  },
  'recurrent.stateWidthBidirectional': {
    message: '{block}: the {state} is B×{given} but this {cell}’s state is B×{width} ({width} = 2 × {ownUnits} units, because it is bidirectional).',
    fix: 'Set Units of {block} to {units}, or give the block that makes the state {width} wide.',
  },
  'recurrent.stateWidthBidirectionalOdd': {
    message: '{block}: the {state} is B×{given} but this {cell}’s state is B×{width} ({width} = 2 × {ownUnits} units, because it is bidirectional).',
    fix: 'Set Units of {block} to {units} (or turn bidirectional off), or give the block that makes the state {width} wide.',
  },
  'recurrent.stateWidthUnknown': {
    message: '{block}: the {state} is B×{given} but this {cell}’s state is B×{width} ({width} = its units).',
    fix: 'Connect a state of known width.',
  },
  'recurrent.stateWidthUnknownBidirectional': {
    message: '{block}: the {state} is B×{given} but this {cell}’s state is B×{width} ({width} = 2 × {ownUnits} units, because it is bidirectional).',
    fix: 'Connect a state of known width.',
  },
  'recurrent.maskSteps': {
    message: '{block}: the mask ids {type} do not line up with the {steps} steps of its input.',
    fix: 'Connect the Token Input whose sequence feeds “in” (time axis {steps}) to “ids (mask)”.',
  },
  'attention.dotWidths': {
    message: '{block}: the dot score needs queries and keys of equal width, but they are {queryWidth} and {keyWidth}.',
    fix: 'Use score “general” (it learns a W_a that maps between the widths), or give both sides the same width.',
  },
  'attention.keyIds': {
    message: '{block}: the key token ids {type} do not line up with the {keyTime} key positions.',
    fix: 'Connect the Token Input whose sequence the keys were computed from (time axis {keyTime}) to “{port}”.',
  },
  'attention.keysValuesLength': {
    message: '{block}: {what} have different lengths ({keys} vs {values}).',
    fix: 'Take keys and values from the same sequence (usually the encoder output).',
  },
  'attention.scaledDotWidths': {
    message: '{block}: queries have width {queryWidth} but keys have width {keyWidth}; a dot product needs equal widths.',
    fix: 'Project Q and K to the same width (e.g. with Dense blocks of equal units).',
  },
  'attention.headsDivide': {
    message: '{block}: d_model {dModel} is not divisible by {heads} heads, so the heads cannot share it equally.',
    fix: 'Set heads to {options}, or change the width upstream to a multiple of {heads} (e.g. {widths}).',
  },
  'attention.headsDivideNoOption': {
    message: '{block}: d_model {dModel} is not divisible by {heads} heads, so the heads cannot share it equally.',
    fix: 'Change the width upstream to a multiple of {heads} (e.g. {widths}).',
  },
  'segment.length': {
    message: '{block}: the sequence has length {tokens} but the segment ids have length {segments}.',
    fix: 'Feed segment ids of the same sequence (same time axis) as the tokens.',
  },
  'concat.axes': {
    message: '{block}: {a} and {b} can only be joined on the last axis if every other axis agrees.',
    fix: 'Connect two sequences of the same length (or two vectors); use Pooling to turn a sequence into a vector.',
  },
  'addNorm.shapes': {
    message: '{block}: the residual is {residual} but the sublayer output is {sublayer}; they must have the same shape to be added.',
    fix: 'Make the sublayer return the width of its input (e.g. set the last Dense’s units to the residual width), and take both from the same sequence.',
  },
  'positional.maxLength': {
    message: '{block}: the sequence has {length} positions ({time}) but Max length is {maxLength}.',
    fix: 'Set Max length of {block} to at least {length}, or shorten the sequence.',
  },
  // ── The dataset against the graph (datasetFit) ──────────────────────────────
  'fit.inputFeedMissing': {
    message: '{block} reads “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Set the Token Input\'s feed to one of {feeds}, or pick a dataset that provides “{feed}”.',
  },
  'fit.anyInputFeedMissing': {
    message: 'A Token Input reads “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Set the Token Input\'s feed to one of {feeds}, or pick a dataset that provides “{feed}”.',
  },
  'fit.labelsMissing': {
    message: '{block} asks for “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Use a classification dataset, or switch the Target block to “targets” and use a per-token head.',
  },
  'fit.headLabelsMissing': {
    message: 'The head’s targets ask for “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Use a classification dataset, or switch the Target block to “targets” and use a per-token head.',
  },
  'fit.targetsMissing': {
    message: '{block} asks for “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Use a dataset with per-token targets, or switch the Target block to “labels” and use a classifier head.',
  },
  'fit.headTargetsMissing': {
    message: 'The head’s targets ask for “{feed}”, but the dataset “{dataset}” ({task}) provides only {feeds}.',
    fix: 'Use a dataset with per-token targets, or switch the Target block to “labels” and use a classifier head.',
  },
  'fit.denseClasses': { message: 'Dense ‘{block}’ has {width} units but the dataset has {expected} classes.', fix: 'Set units to {expected}.' },
  'fit.denseTokens': { message: 'Dense ‘{block}’ has {width} units but the dataset has {expected} tokens.', fix: 'Set units to {expected}.' },
  'fit.layerClasses': { message: '{block} has {width} units but the dataset has {expected} classes.', fix: 'Put a Dense layer with {expected} units before the head.' },
  'fit.layerTokens': { message: '{block} has {width} units but the dataset has {expected} tokens.', fix: 'Put a Dense layer with {expected} units before the head.' },
  'fit.headInputClasses': { message: 'The layer before the head has {width} units but the dataset has {expected} classes.', fix: 'Put a Dense layer with {expected} units before the head.' },
  'fit.headInputTokens': { message: 'The layer before the head has {width} units but the dataset has {expected} tokens.', fix: 'Put a Dense layer with {expected} units before the head.' },
  'fit.embeddingRowsRun': { message: 'Embedding ‘{block}’ has {rows} rows but the dataset has {needed} tokens in “{feed}”.', fix: 'Set the vocabulary size to {needed}.' },
  'fit.feedMissing': {
    message: '{block} reads “{feed}”, but the dataset “{dataset}” provides only {feeds}.',
    fix: 'Set its feed to “{other}”, or pick a dataset that provides “{feed}”.',
  },
  'fit.feedMissingNoOther': { message: '{block} reads “{feed}”, but the dataset “{dataset}” provides only {feeds}.', fix: 'Pick a dataset that provides “{feed}”.' },
  'fit.sequenceCut': {
    message: '{block} keeps {length} tokens, but the sequences of “{dataset}” run to {suggested}: longer ones are cut.',
    fix: 'Set its length to {suggested}.',
  },
  'fit.noClassLabels': {
    message: '{block} predicts one class per sequence, but “{dataset}” ({task}) has no class labels.',
    fix: 'Pick a classification dataset, or use a per-token head (LM, masked-LM or seq2seq) with a Target whose Answers are “targets”.',
  },
  'fit.noTokenTargets': {
    message: '{block} predicts a token at every position, but “{dataset}” ({task}) gives one label per sequence.',
    fix: 'Replace it with a Classifier Head fed by a Pooling block, with a Target whose Answers are “labels”.',
  },
  'fit.answersPerSequence': { message: '{block} needs one label per sequence, but {target} answers with “{feed}”.', fix: 'Set the Answers of {target} to “{wanted}”.' },
  'fit.answersPerPosition': { message: '{block} needs one token per position, but {target} answers with “{feed}”.', fix: 'Set the Answers of {target} to “{wanted}”.' },
  'fit.classesDense': {
    message: '{block} gives {width} scores per sequence, but “{dataset}” has {expected} classes.',
    fix: 'Set its units to {expected}.',
  },
  'fit.tokensDense': {
    message: '{block} gives {width} scores per position, but “{dataset}” has {expected} tokens.',
    fix: 'Set its units to {expected}.',
  },
  'fit.classesLayer': {
    message: '{block} gives {width} scores per sequence, but “{dataset}” has {expected} classes.',
    fix: 'Put a Dense layer with {expected} units before {head}.',
  },
  'fit.tokensLayer': {
    message: '{block} gives {width} scores per position, but “{dataset}” has {expected} tokens.',
    fix: 'Put a Dense layer with {expected} units before {head}.',
  },
  'fit.classesHeadInput': {
    message: 'The input of {head} gives {width} scores per sequence, but “{dataset}” has {expected} classes.',
    fix: 'Put a Dense layer with {expected} units before {head}.',
  },
  'fit.tokensHeadInput': {
    message: 'The input of {head} gives {width} scores per position, but “{dataset}” has {expected} tokens.',
    fix: 'Put a Dense layer with {expected} units before {head}.',
  },
  'fit.embeddingRows': {
    message: '{block} has {rows} rows, but “{dataset}” has {needed} tokens in “{feed}”: ids past row {rows} would have no vector.',
    fix: 'Set the vocabulary size to {needed}.',
  },
  // ── Memory, start of a run, a run that fails (memory, runTraining) ─────────
  'memory.heavy': {
    message: 'Training needs about {total} but the budget is {budget}; the largest part is {block}’s {parameters} parameters ({weights} of weights, {held} with their gradients).',
    fix: '',
  },
  'memory.heavyOptimizer': {
    message: 'Training needs about {total} but the budget is {budget}; the largest part is {block}’s {parameters} parameters ({weights} of weights, {held} with their gradients and the optimizer’s moments).',
    fix: '',
  },
  'memory.heavyFrozen': { message: 'Training needs about {total} but the budget is {budget}; the largest part is {block}’s {parameters} parameters ({weights} of weights).', fix: '' },
  'memory.fixEmbedding': { message: '', fix: 'Make {block} smaller (a smaller vocabulary or width), or freeze it if its weights are already trained.' },
  'memory.fixEmbeddingFrozen': { message: '', fix: 'Make {block} smaller (a smaller vocabulary or width).' },
  'memory.fixLayer': { message: '', fix: 'Make {block} smaller (fewer units or a narrower input), or freeze it if its weights are already trained.' },
  'memory.fixLayerFrozen': { message: '', fix: 'Make {block} smaller (fewer units or a narrower input).' },
  'memory.largest': {
    message: 'Training needs about {total} but the budget is {budget}; the largest part is {block}’s {term} ({bytes}).',
    fix: 'Reduce T or batch, or heads (attention memory grows with B·heads·T²), or make the model narrower.',
  },
  'memory.largestWeights': {
    message: 'Training needs about {total} but the budget is {budget}; the largest part is the weights.',
    fix: 'Reduce T or batch, or heads (attention memory grows with B·heads·T²), or make the model narrower.',
  },
  'memory.fixOneHot': { message: '', fix: 'Set “Lookup” of {block} to gather: it needs no one-hot matrix. Or reduce T or batch.' },
  'run.continueOrTransfer': {
    message: 'A run can continue saved training or start from another model’s weights, not both.',
    fix: 'Continue the saved run, or start a fine-tuning run from the other model.',
  },
  'run.nothingToContinue': {
    message: 'This model has already trained for {done} steps and Steps is {steps}, so there is nothing left to run.',
    fix: 'Raise Steps above {done}: it counts every step, the earlier runs’ included (e.g. {suggested} to train {more} more).',
  },
  'run.allFrozen': {
    message: 'Every block with weights is frozen, so training would change nothing.',
    fix: 'Unfreeze at least one block (usually the last layers or the head’s Dense layer).',
  },
  'run.nanLoss': {
    message: 'The loss became NaN at step {step} (learning rate {learningRate}); training stopped and kept the weights of the last good step.',
    fix: 'Lower the learning rate (1e-3 is a good start for Adam), keep gradient clipping on (clip norm 1) and use a warm-up.',
  },
  'run.infiniteLoss': {
    message: 'The loss became infinite at step {step} (learning rate {learningRate}); training stopped and kept the weights of the last good step.',
    fix: 'Lower the learning rate (1e-3 is a good start for Adam), keep gradient clipping on (clip norm 1) and use a warm-up.',
  },
  // ── Reading a graph file (parse) ────────────────────────────────────────────
  'file.notText': { message: 'The file is empty or not text.', fix: 'Open a Tensorloom graph file (.tlgraph.json).' },
  'file.graphTooLarge': { message: 'The file is {size} MB; graph files are at most {max} MB.', fix: 'Check that this is a Tensorloom graph file.' },
  'file.notJson': { message: 'The file is not valid JSON ({detail}).', fix: 'Open a Tensorloom graph file, or repair the JSON.' },
  'file.noGraph': { message: 'The file does not contain a graph object.', fix: 'Open a Tensorloom graph file.' },
  'file.tooDeep': {
    message: 'The file nests objects or arrays more than {max} levels deep (at {path}); a graph file needs at most 6.',
    fix: 'Check that this is a Tensorloom graph file, or open a file saved by Tensorloom.',
  },
  'file.forbiddenKey': { message: 'The file contains a forbidden key at {path}.', fix: 'Remove keys named __proto__, constructor or prototype.' },
  'file.version': { message: 'The file has format version {version}, which this version of Tensorloom cannot read.', fix: 'Open it with a newer Tensorloom, or re-export it.' },
  'file.schemaAt': { message: 'At {path}: {detail}.', fix: 'Repair this field or open a file saved by Tensorloom.' },
  'file.schemaTop': { message: 'At the top level: {detail}.', fix: 'Repair this field or open a file saved by Tensorloom.' },
  'file.duplicateGroup': { message: 'Two groups share one id.', fix: 'Give every group its own id.' },
  'file.duplicateNode': { message: 'Two nodes share the id “{id}”.', fix: 'Give every node its own id.' },
  'file.unknownKind': { message: 'Node “{node}” is of kind “{kind}”, which this version does not know.', fix: 'Delete the node or open the file with a newer Tensorloom.' },
  'file.missingGroup': { message: 'Node “{node}” belongs to a group “{group}” that does not exist.', fix: 'Ungroup the node.' },
  'file.duplicateEdge': { message: 'Two edges share the id “{id}”.', fix: 'Give every edge its own id.' },
  'file.edgeNoNode': { message: 'Edge “{id}” connects a node that does not exist.', fix: 'Delete the edge.' },
  'file.edgeNoPort': {
    message: 'Edge “{id}” uses a port that {source} or {target} does not have ({sourcePort} → {targetPort}).',
    fix: 'Delete the edge and connect the blocks again.',
  },
  'file.inputTwice': {
    message: 'The “{port}” input of {block} has two connections.',
    fix: 'An input takes one connection: delete one, or combine them first with Concat or Add & Norm.',
  },
  // ── The learner's own data file (textFile, userData) ────────────────────────
  'text.utf16': { message: '{file} is saved as UTF-16, not UTF-8.', fix: '' },
  'text.binary': { message: '{file} has a NUL byte at byte {byte} (line {line}), so it is a binary file, not text.', fix: '' },
  'text.notUtf8': {
    message:
      '{file} is not UTF-8 text: byte {byte} (line {line}) is not part of a UTF-8 character (the file may be in another encoding such as Latin-1 or Windows-1252, or not text at all).',
    fix: '',
  },
  'text.fixGraph': { message: '', fix: 'Open a Tensorloom model (.tlgraph) or graph (.tlgraph.json) file; a graph edited by hand must be saved as UTF-8.' },
  'text.fixData': { message: '', fix: 'Save the file as UTF-8 text (most editors offer it under Save As → Encoding), or choose a .txt, .csv or .tsv file.' },
  'text.graphTooLarge': {
    message: '{file} is {size} ({bytes} bytes); graph files are at most {max} ({maxBytes} bytes).',
    fix: 'Check that this is a Tensorloom graph or model file.',
  },
  'text.dataTooLarge': { message: '{file} is {size} ({bytes} bytes); data files are at most {max} ({maxBytes} bytes).', fix: 'Use a shorter excerpt of the file.' },
  'data.tooManyChars': { message: '“{name}” has {chars} characters; the studio reads at most {max}.', fix: 'Use a shorter excerpt of the file.' },
  'data.empty': { message: '“{name}” is empty.', fix: 'Choose a file with some text in it.' },
  'data.tooShort': {
    message: '“{name}” has only {chars} characters; a language model needs at least {min} to learn from.',
    fix: 'Choose a longer text (a few pages at least).',
  },
  'data.columnsOne': {
    message: '“{name}” line {line} has 1 column; each row needs exactly 2 ({columns}) separated by {separator}.',
    fix: 'Put text that contains commas in double quotes ("like, this"), or save the file as TSV.',
  },
  'data.columns': {
    message: '“{name}” line {line} has {count} columns; each row needs exactly 2 ({columns}) separated by {separator}.',
    fix: 'Put text that contains commas in double quotes ("like, this"), or save the file as TSV.',
  },
  'data.columnsTsv': { message: '', fix: 'Give every row exactly two columns: {columns}.' },
  'data.emptyColumn': { message: '“{name}” line {line} has an empty {column} column.', fix: 'Fill in both columns or remove the row.' },
  'data.noRows': { message: '“{name}” has no rows.', fix: 'Add one example per line.' },
  'data.tooFewRowsOne': { message: '“{name}” has only 1 example; at least {min} are needed (some are held out for validation).', fix: 'Add more rows.' },
  'data.tooFewRows': { message: '“{name}” has only {count} examples; at least {min} are needed (some are held out for validation).', fix: 'Add more rows.' },
  'data.oneLabel': {
    message: 'Every row of “{name}” has the label “{label}”; a classifier needs at least two different labels.',
    fix: 'Add examples of another class, or check that the label is the second column.',
  },
  'data.tooManyLabels': {
    message: '“{name}” has {count} different labels (at most {max}); the label is probably not the second column.',
    fix: 'Put the text first and the label second, one short label per row.',
  },
  'data.openQuote': { message: '“{name}” line {line} opens a double quote that is never closed.', fix: 'Close the quote, or write a literal quote as two quotes ("").' },
  // ── Saved weights and optimizer state (modelState) ──────────────────────────
  'weights.duplicateName': { message: 'Two weights of the model are both called “{name}”.', fix: 'Report this graph; weights cannot be saved or loaded until every weight has a name of its own.' },
  'weights.noOwner': { message: 'The layer “{layer}” was not built by any block.', fix: 'Report this graph; weights cannot be saved or loaded until every weight has a name of its own.' },
  'weights.savedTwice': {
    message: 'The saved weights list “{name}” twice.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.missing': {
    message: '{block} has a weight “{weight}” ({shape}) that the saved weights do not have.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.shape': {
    message: '{block}’s “{weight}” is {shape} in the graph but {savedShape} in the saved weights.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.shapeValues': {
    message: '{block}’s “{weight}” is {shape} in the graph but {savedShape} with {values} values in the saved weights.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.extra': {
    message: 'The saved weights have “{name}” ({shape}), which no block of the graph has.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.optimizer': {
    message: 'This model was trained with {saved}, and continuing with {chosen} would throw its state away.',
    fix: 'Set the optimizer back to {saved} to continue, or start a new run from these weights (fine-tuning).',
  },
  'weights.optimizerExtra': {
    message: 'The saved optimizer state has “{name}”, which belongs to no weight of the graph.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  'weights.optimizerShape': {
    message: '{block}’s optimizer state for “{weight}” is {savedShape} but the weight is {shape}.',
    fix: 'The graph changed since these weights were trained: undo the change to that block, or start from these weights as a fine-tuning run (it loads the blocks that still fit and skips the rest).',
  },
  // ── Repeated groups (groups) ────────────────────────────────────────────────
  'group.holdsHead': {
    message: 'Group “{group}” (×{repeat}) holds the loss head “{head}”; a repeated group is a stack of layers, and its copies would each need a loss of their own.',
    fix: 'Move the head (and its Target) out of the group, and feed it from the group’s output.',
  },
  'group.outputs': {
    message: 'Group “{group}” (×{repeat}) has {count} outputs leaving it; a repeated group needs exactly one.',
    fix: 'Make one block of the group feed everything outside it, or set the repeat count to 1.',
  },
  'group.carryNoBlock': {
    message: 'Group “{group}” (×{repeat}) carries “{carry}” from copy to copy, but the graph has no block with that id.',
    fix: 'Pick the block whose output feeds the first copy, or remove the carry setting so it is inferred.',
  },
  'group.carryInside': {
    message: 'Group “{group}” (×{repeat}) carries “{carry}” from copy to copy, but that block is inside the group; the carry is the outside output the first copy reads.',
    fix: 'Pick the block outside the group whose output feeds it.',
  },
  'group.carryNoOutput': {
    message: 'Group “{group}” (×{repeat}) carries “{carry}” from copy to copy, but that block has no output “{port}”.',
    fix: 'Pick one of the block’s outputs.',
  },
  'group.carryNotConnected': {
    message: 'Group “{group}” (×{repeat}) carries “{carry}” from copy to copy, but it is not connected to any block of the group, so the copies would not be chained.',
    fix: 'Connect it to the group, or pick the output that feeds the group.',
  },
  'group.carryShape': {
    message:
      'Group “{group}” (×{repeat}) carries “{carry}” from copy to copy, but it is {carryType} while the group puts out {exitType}; each copy takes the previous copy’s output in its place, so the two must match.',
    fix: 'Pick an input of the group with the shape of the group’s output (the sequence each layer refines, not the token ids).',
  },
  'group.carryUnclear': {
    message: 'Group “{group}” (×{repeat}) is repeated, but it is not clear which input each copy should take from the previous copy ({count} inputs have the output’s shape).',
    fix: 'Feed the group from one block whose output has the same shape as the group’s output, or name it as the group’s carry.',
  },
  'group.shapesUnknown': { message: 'Group “{group}” cannot be repeated while the shapes around it are unknown.', fix: 'Fix the problems of the blocks that feed the group.' },
  'group.tooLarge': {
    message: 'With its repeated groups expanded the graph has {count} blocks; the compiler builds at most {max}.',
    fix: 'Lower the repeat counts or make the repeated groups smaller.',
  },
  'group.tooLargeWhere': {
    message: 'With its repeated groups expanded the graph has {count} blocks; the compiler builds at most {max}. The largest part is group “{group}”: {size} blocks × {repeat}.',
    fix: 'Lower the repeat counts or make the repeated groups smaller.',
  },
  // ── The studio's own refusals (its worker and pre-flight) ───────────────────
  'studio.nothingToContinue': {
    message: 'There is no trained model to continue: nothing has been trained or opened since the app started.',
    fix: 'Train from scratch, or open a model file saved after training.',
  },
  'studio.vocabChanged': {
    message: 'The model learnt one vocabulary and this data now reads another, so its embeddings would mean different tokens.',
    fix: 'Choose the data the model was trained on to continue, or train from scratch on this data.',
  },
  'studio.vocabOtherData': {
    message: 'The model learnt one vocabulary and the chosen data has another, so its embeddings would mean different tokens.',
    fix: 'Choose the data the model was trained on to continue, or train from scratch on this data.',
  },
  'studio.noWeightsToProbe': {
    message: 'This model file holds a graph but not trained weights, so there is nothing to probe.',
    fix: 'Train the graph and save it again, or open a model file saved after training.',
  },
  'studio.noVocabularyToProbe': {
    message: 'This model file holds a graph but not the vocabulary it was trained with, so there is nothing to probe.',
    fix: 'Train the graph and save it again, or open a model file saved after training.',
  },
  'studio.emptyCanvas': { message: 'The canvas is empty.', fix: 'Open a template or add blocks from the palette.' },
  // ── Compiling and exporting (compile, export) ───────────────────────────────
  'compile.noHead': { message: 'The graph has no loss head, so there is nothing to train.', fix: 'Add a head from the Heads section and connect its logits and targets.' },
  'compile.headNoTargets': { message: 'A head has no targets.', fix: 'Connect a Target block to the head.' },
  'export.noHead': {
    message: 'The graph has no loss head, so there is nothing to export as a trainable model.',
    fix: 'Add a head from the Heads section and connect its logits and targets.',
  },
  'export.headInRepeatedGroup': { message: '{block} is a loss head inside the repeated group “{group}”.', fix: 'Move the head out of the group.' },
  'export.missingInput': { message: '{block} has nothing connected to “{port}”.', fix: 'Connect the “{port}” input of {block}.' },
  'file.paramVersionNewer': {
    message: 'Node “{node}” is a {blockKind} ({kind}) block saved with parameter version {from}; this version of Tensorloom reads up to {to}.',
    fix: 'Update Tensorloom to open this file.',
  },
  'file.paramVersionUnknown': {
    message: 'Node “{node}” ({kind}) has parameter version {version}, and this version of Tensorloom has no way to bring it up to date.',
    fix: 'Update Tensorloom, or delete the node and add it again.',
  },
  'file.paramMigrationFailed': {
    message: 'The parameters of node “{node}” ({kind}) could not be updated from version {version} ({detail}).',
    fix: 'Delete the node and add a new {blockKind}, or repair its parameters in the file.',
  },
  'data.unknownDataset': { message: 'There is no bundled dataset called “{id}”.', fix: 'Pick one of: {ids}.' },
  'data.notPrepared': { message: 'The dataset “{id}” could not be prepared ({detail}).', fix: 'Run `npm run build:data` again; if it persists, report it.' },
  // ── Opening a model file (modelFile) ───────────────────────────────────────
  'model.fixResave': { message: '', fix: 'Open a file saved by Tensorloom, or ask for a fresh copy of this one.' },
  'model.fixDamaged': { message: '', fix: 'The file was cut short or changed after it was saved: copy it again from where it came from, or open an earlier save.' },
  'model.internal': { message: 'The model file could not be read ({detail}).', fix: 'Please report this file to the Tensorloom developers.' },
  'model.notBytes': { message: 'The file is empty or not bytes. It is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).', fix: 'Open a file saved by Tensorloom.' },
  'model.notZipOrJson': { message: 'The file is neither a zip nor a JSON graph. It is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).', fix: 'Open a file saved by Tensorloom.' },
  'model.empty': { message: 'The file is empty. It is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).', fix: 'Open a file saved by Tensorloom.' },
  'model.notZip': { message: 'The file is not a zip archive. It is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).', fix: 'Open a file saved by Tensorloom.' },
  'model.fileTooLarge': { message: 'The file is {sizeInBytes}; model files are at most {maxInBytes}.', fix: 'Check that this is a Tensorloom model file.' },
  'model.entryTooLarge': { message: 'The entry {entry} unpacks to {sizeInBytes}; Tensorloom reads at most {maxInBytes} for it.', fix: 'Check that this is a Tensorloom model file; a model this large cannot be opened.' },
  'model.totalTooLarge': { message: 'The file unpacks to {sizeInBytes} in all; Tensorloom reads at most {maxInBytes}.', fix: 'Check that this is a Tensorloom model file; a model this large cannot be opened.' },
  'model.noManifest': { message: 'The file has no manifest.json, so it is not a Tensorloom model file.', fix: '' },
  'model.manifestNotFirst': { message: 'manifest.json is not the first entry of the file.', fix: '' },
  'model.unknownEntry': { message: 'The file holds an entry “{entry}” that a version {version} model file does not have.', fix: '' },
  'model.entriesDiffer': { message: 'manifest.json lists {listed}, but the file holds {actual}.', fix: '' },
  'model.manifestNotObject': { message: 'manifest.json is not an object.', fix: '' },
  'model.manifestFormat': { message: 'manifest.json says the file is a “{format}”, not a “{expected}”.', fix: 'Open a Tensorloom model file (.tlgraph).' },
  'model.versionNewer': { message: 'The model file is version {version}, written by a newer Tensorloom; this version reads model files up to version {max}.', fix: 'Update Tensorloom to open this file.' },
  'model.versionUnknown': { message: 'The model file has version {version}, which no Tensorloom writes.', fix: '' },
  'model.missingEntry': { message: 'The file has no {entry}.', fix: '' },
  'model.pairMissing': { message: 'The file has {has} but no {lacks}; the two belong together.', fix: '' },
  'model.optimizerNoWeights': { message: 'The file has optimizer state but no weights.', fix: '' },
  'model.containsMissing': { message: 'manifest.json says the file has {flag}, but {entry} is missing.', fix: '' },
  'model.containsExtra': { message: 'manifest.json says the file has no {flag}, but {entry} is there.', fix: '' },
  'model.tooManyRuns': { message: 'runs.json holds {count} runs; a file keeps at most {max}.', fix: '' },
  'model.runsCount': { message: 'manifest.json says the file has {listed} runs, but runs.json holds {actual}.', fix: '' },
  'model.entryDamaged': { message: 'The entry {entry} is damaged: {detail}.', fix: '' },
  'model.entryNotUtf8': { message: '{entry} is not UTF-8 text.', fix: '' },
  'model.entryNotJson': { message: '{entry} is not valid JSON ({detail}).', fix: '' },
  'model.schemaAt': { message: '{entry} at {at}: {detail}.', fix: '' },
  'model.schemaEntry': { message: '{entry}: {detail}.', fix: '' },
  'model.truncated': { message: 'The file is cut short or damaged: {detail}.', fix: '' },
  'model.corrupt': { message: 'The file is damaged: {detail}.', fix: '' },
  'model.corruptAt': { message: 'The file is damaged at {entry}: {detail}.', fix: '' },
  'model.unsupported': { message: 'The file cannot be read: {detail}, which Tensorloom model files never do.', fix: '' },
  'model.unsupportedAt': { message: 'The file’s entry {entry} cannot be read: {detail}, which Tensorloom model files never do.', fix: '' },
  'model.tooManyEntries': { message: 'The file has {count} entries; a model file has at most {max}.', fix: '' },
  'model.unsafeEntryName': { message: 'The file holds an entry named “{entry}”, which is unsafe: {reason}.', fix: '' },
  'model.duplicateEntry': { message: 'The file holds two entries named “{entry}”.', fix: '' },
  // ── Tensors and vocabularies inside a model file (tensorStore, tokenizerChecks) ─
  'tensor.tooMany': { message: '{index} lists {count} tensors; at most {max} are read.', fix: '' },
  'tensor.badName': { message: 'Tensor {number} of {index} has the name “{name}”, which {reason}.', fix: '' },
  'tensor.rule.nameEmpty': { message: 'is empty', fix: '' },
  'tensor.rule.nameTooLong': { message: 'is longer than {maxChars} characters', fix: '' },
  'tensor.rule.nameCharacters': { message: 'uses characters other than letters, digits, _ . : - and / between parts', fix: '' },
  'tensor.rule.nameDots': { message: 'has a part made of dots only, like a path that climbs out of a folder', fix: '' },
  'tensor.listedTwice': { message: '{index} lists “{name}” twice.', fix: '' },
  'tensor.dtype': { message: '“{name}” in {index} is stored as “{dtype}”; Tensorloom stores float32 only.', fix: '' },
  'tensor.badShape': { message: '“{name}” in {index} has the shape [{shape}], which {reason}.', fix: '' },
  'tensor.rule.rank': { message: 'has more than {maxRank} dimensions', fix: '' },
  'tensor.rule.dimension': { message: 'has a dimension that is not a whole number ≥ 0', fix: '' },
  'tensor.rule.elements': { message: 'holds more than the {maxValues} values a stored tensor may have', fix: '' },
  'tensor.byteLength': { message: '“{name}” in {index} has the shape [{shape}] ({values} values, {bytes} bytes) but says it takes {declared} bytes.', fix: '' },
  'tensor.offsetAlign': { message: '“{name}” in {index} starts at byte {offset}, which is not a multiple of 4.', fix: '' },
  'tensor.pastEnd': { message: '“{name}” in {index} runs to byte {end}, past the end of {bin} ({size} bytes).', fix: '' },
  'tensor.overlap': { message: '“{first}” and “{second}” in {index} overlap in {bin} (bytes {from}–{to}).', fix: '' },
  'tensor.uncovered': { message: '{bin} has {size} bytes, but {index} accounts for {covered}.', fix: '' },
  'tensor.nonFiniteWeight': { message: '“{name}” holds {value} at position {position}; stored weights must be finite numbers.', fix: 'The model diverged before it was saved: train it again from scratch or from an earlier file, with a lower learning rate.' },
  'tensor.nonFiniteOptimizer': { message: '“{name}” holds {value} at position {position}; stored optimizer state must be finite numbers.', fix: 'The model diverged before it was saved: train it again from scratch or from an earlier file, with a lower learning rate.' },
  'tensor.momentOrphan': { message: 'The optimizer state “{name}” belongs to no stored weight.', fix: '' },
  'tensor.momentShape': { message: 'The optimizer state “{name}” has the shape [{shape}], but its weight “{weight}” is [{weightShape}].', fix: '' },
  'tensor.dataLengthWeights': { message: 'The weights tensor “{name}” has the shape [{shape}] but {count} values.', fix: 'This is a bug in Tensorloom; please report it.' },
  'tensor.dataLengthOptimizer': { message: 'The optimizer tensor “{name}” has the shape [{shape}] but {count} values.', fix: 'This is a bug in Tensorloom; please report it.' },
  'tensor.saveNonFiniteWeight': { message: 'The weight “{name}” holds {value} at position {position}, so the model cannot be saved with its weights.', fix: 'The model diverged: save the graph without weights, or train again with a lower learning rate.' },
  'tensor.saveNonFiniteOptimizer': { message: 'The optimizer state “{name}” holds {value} at position {position}, so the model cannot be saved with its weights.', fix: 'The model diverged: save the graph without weights, or train again with a lower learning rate.' },
  'vocab.tooFewTokens': { message: '{vocabulary} has {count} tokens; it needs at least the {min} special tokens.', fix: '' },
  'vocab.tooManyTokens': { message: '{vocabulary} has {count} tokens; at most {max} are read.', fix: '' },
  'vocab.specialOutOfPlace': { message: '{vocabulary} has “{token}” at id {id}, where {special} belongs.', fix: '' },
  'vocab.emptyToken': { message: '{vocabulary} has an empty token at id {id}.', fix: '' },
  'vocab.longToken': { message: '{vocabulary} has a token of {length} characters at id {id}; tokens are at most {max}.', fix: '' },
  'vocab.multiCharToken': { message: '{vocabulary} is character-level but has “{token}” (more than one character) at id {id}.', fix: '' },
  'vocab.tokenTwice': { message: '{vocabulary} has “{token}” twice, at ids {first} and {second}.', fix: '' },
  'vocab.classesEmpty': { message: 'The class list is empty.', fix: '' },
  'vocab.tooManyClasses': { message: 'The class list has {count} classes; at most {max} are read.', fix: '' },
  'vocab.classNameLength': { message: 'The class list has a name of {length} characters; names have 1 to {max}.', fix: '' },
  'vocab.classTwice': { message: 'The class list has “{name}” twice.', fix: '' },
  'vocab.embeddingRows': { message: 'Embedding ‘{block}’ has {rows} rows but the saved vocabulary of “{feed}” has {needed} tokens.', fix: 'Set its vocabulary size to {needed}, or open the file the model was saved in.' },
  'vocab.noClassNames': { message: '{block} classifies into {width} classes, but the saved vocabulary has no class names.', fix: '' },
  'vocab.classUnits': { message: '‘{block}’ has {width} units but the saved class list has {count} classes.', fix: 'Set its units to {count}, or open the file the model was saved in.' },
  'vocab.classUnitsHeadInput': { message: 'The layer before the head has {width} units but the saved class list has {count} classes.', fix: 'Set its units to {count}, or open the file the model was saved in.' },
  'vocab.units': { message: '‘{block}’ has {width} units but the saved vocabulary it predicts has {count} tokens.', fix: 'Set its units to {count}, or open the file the model was saved in.' },
  'vocab.unitsHeadInput': { message: 'The layer before the head has {width} units but the saved vocabulary it predicts has {count} tokens.', fix: 'Set its units to {count}, or open the file the model was saved in.' },
  // ── Moving weights between graphs, losses, imported PyTorch weights ─────────
  'transfer.cannotTake': { message: '{block}: the weight “{target}” cannot take “{source}” ({here} here, {there} in the source).', fix: 'Plan the transfer again from this graph and these source weights.' },
  'loss.smoothing': { message: 'Label smoothing must be in [0, 1); it is {value}.', fix: 'Set label smoothing between 0 and 0.5.' },
  'loss.logitsRank': { message: 'A loss head got logits of rank {rank} ({shape}); it takes B×T×V (one guess per token) or B×C (one per example).', fix: 'Feed the head from a Dense layer whose units are the vocabulary or the number of classes.' },
  'loss.targetsShape': { message: 'A loss head got targets {targets} that do not match its logits {logits}; they must be {expected}.', fix: 'Make the head’s logits and its Target follow the same sequence (the same feed and length).' },
  'data.examplesNotSaved': { message: 'The examples of “{name}” are not in the model file, only its vocabulary: the model can be probed, but not trained on them.', fix: 'To train it further, choose the data it was trained on in the data picker, then Continue.' },
  'import.notSafetensors': { message: '“{file}” is not a float32 safetensors file: {detail}.', fix: 'Give the weights.safetensors or trained.safetensors that the exported train.py writes (model.state_dict() in float32).' },
  'import.unknownTensor': { message: '“{file}” has “{name}” ({shape}), which no block of “{graph}” has.', fix: 'Import weights saved from this graph’s own export (model.py’s names); a renamed or added module does not load.' },
  'import.shape': { message: '{block}: “{name}” is {shape} in “{file}”, but the graph needs {needed}.', fix: 'Change {block}\'s settings back to those the weights were trained with, or import weights trained with this graph.' },
  'import.nonFinite': { message: '{block}: “{name}” in “{file}” holds values that are not finite numbers (NaN or infinity).', fix: 'The PyTorch run diverged: lower the learning rate and train again.' },
  'import.missing': { message: '{block}: “{file}” has no “{name}” ({shape}), which the block needs.', fix: 'Import the whole state_dict of this graph’s export (train.py saves it as trained.safetensors).' },
  'export.unknownTarget': { message: 'There is no exporter for “{target}”.', fix: 'Export with {options}.' },
  'export.noWeights': { message: '“{graph}” has no weights to export.', fix: 'Export a trained model, or let the exporter initialise the weights (initialWeights).' },
  'export.weightsMissing': { message: 'The {weights} have no “{name}”, which the graph needs.', fix: 'Export the model from the file it was trained into, or re-train it with this graph.' },
  'export.weightsExtra': { message: 'The {weights} have “{name}”, which no block of the graph has.', fix: 'Export the model from the file it was trained into.' },
  'export.valueCount': { message: '“{key}” has {count} values; the graph\'s “{name}” needs {needed}.', fix: 'Load weights trained with this graph’s export.' },
  // ── Data lengths, files the app opens, the command line's predictions ───────
  'data.lengthInvalid': { message: 'The “{feed}” length {value} cannot be used for a dataset; it must be a whole number from 1 to {max}.', fix: 'Set the Token Input\'s length for “{feed}” to a whole number between 1 and {max}.' },
  'data.textTooShortForLength': { message: 'The text of “{id}” ({chars} characters) is too short for windows of {window} characters.', fix: 'Shorten the Token Input length, or use a longer text.' },
  'data.fileUnreadable': { message: '“{name}” could not be read ({detail}).', fix: 'Check that the file is readable and choose it again.' },
  'file.unreadable': { message: '“{name}” could not be read.', fix: 'Check that the file is readable and try again.' },
  'file.modelTooLargeMb': { message: '“{name}” is {size} MB; Tensorloom reads model files of at most {max} MB.', fix: 'Check that this is a Tensorloom model file (.tlgraph).' },
  'file.tooLargeMb': { message: '“{name}” is {size} MB; Tensorloom handles files of at most {max} MB.', fix: 'Check that this is a Tensorloom model file (.tlgraph).' },
  'run.unexpected': { message: '{detail}', fix: 'Check the graph and the data, then start again.' },
  'predict.noVocabulary': { message: '“{path}” has trained weights but no vocabulary, so text cannot be turned into its input.', fix: 'Save the model again from the app or with `tensorloom train … --save`.' },
  'predict.ownFile': { message: '“{path}” was trained on your own file “{name}”; the command line reads probes the way the bundled datasets do and cannot tell how that file\'s text was split.', fix: 'Open the model in the app to probe it.' },
  'predict.unknownDataset': { message: '“{path}” was trained on “{id}”, which this version does not have.', fix: 'Use the Tensorloom version that saved it.' },
  'predict.nothingToSayLm': { message: 'The model has nothing to say about “{text}”.', fix: 'Give it a prompt of characters it knows.' },
  'predict.nothingToSay': { message: 'The model has nothing to say about “{text}”.', fix: 'Give it text in the form it was trained on.' },
  // ── The bundled datasets' own files (readSource, sources) ─────────────────────
  'data.noSources': { message: 'The dataset “{dataset}” reads the bundled file “{file}”, but no data sources were given.', fix: 'Pass the data sources (nodeDataSources() in Node, fetchDataSources() in the app) to createDataset.' },
  'data.bundledUnreadable': { message: 'The bundled file “{file}” for “{dataset}” could not be read ({detail}).', fix: 'Run `npm run build:data` to extract the bundled datasets.' },
  'data.bundledEmpty': { message: 'The bundled file “{file}” for “{dataset}” is empty.', fix: 'Run `npm run build:data` again to re-extract it.' },
  'data.bundledNotJson': { message: 'The bundled file “{file}” is not valid JSON.', fix: 'Run `npm run build:data` again to re-extract it.' },
  'data.bundledNoSentences': { message: 'The bundled file “{file}” has no usable labelled sentences.', fix: 'Run `npm run build:data` again to re-extract it.' },
  'data.bundledTooFewSentences': { message: 'The bundled file “{file}” has too few sentences to pre-train on.', fix: 'Run `npm run build:data` again to re-extract it.' },
  'data.tooFewPairs': { message: 'The text of “{id}” has too few sentence pairs to train on.', fix: 'Run `npm run build:data` again, or use a longer text.' },
  'data.bundledLoadFailed': { message: 'The bundled data file “{file}” could not be loaded ({detail}).', fix: 'Reload the app; if it persists, reinstall it.' },
  'data.bundledMissing': { message: 'The bundled data file “{file}” is missing (HTTP {status}).', fix: 'Run `npm run build:data` before building the app.' },
  'data.fileNotAvailable': { message: 'The data file “{file}” is not available.', fix: 'Provide the file, or run `npm run build:data`.' },
  'file.gone': { message: '“{name}” does not exist any more.', fix: 'It may have been moved or deleted; open it from its new place.' },
  'file.readDenied': { message: 'Tensorloom is not allowed to read “{name}”.', fix: 'Check the file’s permissions.' },
  'file.isFolder': { message: '“{name}” is a folder, not a file.', fix: 'Choose a file.' },
  'file.readFailed': { message: '“{name}” could not be read ({detail}).', fix: 'Check that the file is readable and try again.' },
  'file.noSuchFile': { message: 'There is no file “{path}”.', fix: 'Check the path.' },
  'file.mayNotRead': { message: '“{name}” may not be read ({code}).', fix: 'Check the file’s permissions.' },
  'file.notRegular': { message: '“{path}” is {pathKind}, not a regular file; Tensorloom reads only regular files.', fix: 'Save the data to a file first and give its path.' },
  // ── Lessons (Show me, measuring a run) ─────────────────────────────────────
  'lesson.blockNotOnCanvas': { message: 'The lesson\'s step refers to a block “{ref}” that is not on the canvas.', fix: 'Do the earlier tasks first (their Show me adds it), or restart the lesson.' },
  'lesson.addsUnknownKind': { message: 'The lesson adds a block of unknown kind “{kind}”.', fix: 'Update Tensorloom; the lesson was written for a newer version.' },
  'lesson.swapsUnknownKind': { message: 'The lesson swaps in a block of unknown kind “{kind}”.', fix: 'Update Tensorloom; the lesson was written for a newer version.' },
  'lesson.connectRefused': { message: '{reason}', fix: 'Undo your last change to that block, or restart the lesson.' },
  'lesson.noTask': { message: 'The lesson “{lesson}” has no task “{task}”.', fix: 'Restart the lesson.' },
  'lesson.templateMissing': { message: 'The lesson starts from a template “{template}” that is not bundled.', fix: 'Update Tensorloom.' },
  'lesson.noSteps': { message: 'The run recorded no training step.', fix: 'Train again; if it stops at once, read the problem the studio shows.' },
  'lesson.noValidation': { message: 'The run has no held-out measurement.', fix: 'Let the run finish: the held-out batches are measured after the last step.' },
  'lesson.noProbeText': { message: 'The run wrote no text for the probe.', fix: 'Give the studio a probe to continue and train again; only a language model writes text.' },
  'lesson.noDecodedAnswer': { message: 'The run decoded no answer for the probe with both greedy and beam search.', fix: 'Give the studio a probe to translate and train again; only an encoder–decoder writes an answer.' },
  'lesson.noAttentionAny': { message: 'The run produced no attention map for any block.', fix: 'Check that the attention block is on the canvas and the repeated group has that many layers, then train again.' },
  'lesson.noAttentionAnyLayer': { message: 'The run produced no attention map for any block in layer {layer}.', fix: 'Check that the attention block is on the canvas and the repeated group has that many layers, then train again.' },
  'lesson.noAttentionKind': { message: 'The run produced no attention map for a {kind} block.', fix: 'Check that the attention block is on the canvas and the repeated group has that many layers, then train again.' },
  'lesson.noAttentionKindLayer': { message: 'The run produced no attention map for a {kind} block in layer {layer}.', fix: 'Check that the attention block is on the canvas and the repeated group has that many layers, then train again.' },

  // ── Library details, said as a phrase of their own (`detailKey` beside the library's `detail`) ──
  // The CLI keeps the library's own words in `detail`; the UI says these phrases in the learner's language.
  'detail.schema.number': { message: 'must be a number', fix: '' },
  'detail.schema.integer': { message: 'must be a whole number', fix: '' },
  'detail.schema.string': { message: 'must be text', fix: '' },
  'detail.schema.boolean': { message: 'must be true or false', fix: '' },
  'detail.schema.array': { message: 'must be a list', fix: '' },
  'detail.schema.object': { message: 'must be an object', fix: '' },
  'detail.schema.type': { message: 'must be of type {expected}', fix: '' },
  'detail.schema.atLeast': { message: 'must be at least {minimum}', fix: '' },
  'detail.schema.above': { message: 'must be greater than {minimum}', fix: '' },
  'detail.schema.atMost': { message: 'must be at most {maximum}', fix: '' },
  'detail.schema.below': { message: 'must be less than {maximum}', fix: '' },
  'detail.schema.minLength': { message: 'must have at least {minimum} characters', fix: '' },
  'detail.schema.maxLength': { message: 'must have at most {maximum} characters', fix: '' },
  'detail.schema.minItems': { message: 'must have at least {minimum} items', fix: '' },
  'detail.schema.maxItems': { message: 'must have at most {maximum} items', fix: '' },
  'detail.schema.oneOf': { message: 'must be one of {options}', fix: '' },
  'detail.schema.unknownKeys': { message: 'has fields the format does not know: {keys}', fix: '' },
  'detail.schema.format': { message: 'is not in the expected form ({format})', fix: '' },
  'detail.schema.multipleOf': { message: 'must be a multiple of {divisor}', fix: '' },
  'detail.schema.invalid': { message: 'is not a valid value here', fix: '' },
  'detail.menu.field': { message: '{field} is malformed', fix: '' },
  'detail.json.syntaxAt': { message: 'a syntax error at line {line}, column {column}', fix: '' },
  'detail.json.end': { message: 'the text ends before the JSON does', fix: '' },
  'detail.json.syntax': { message: 'a syntax error', fix: '' },
  'detail.zip.endRecord': { message: 'the end record of its zip directory is missing, or stray bytes follow it', fix: '' },
  'detail.zip.severalDisks': { message: 'it spans several disks', fix: '' },
  'detail.zip.zip64': { message: 'it uses ZIP64', fix: '' },
  'detail.zip.directoryEnd': { message: 'the zip directory does not end where its end record begins', fix: '' },
  'detail.zip.recordDamaged': { message: 'directory record {record} of {records} is damaged', fix: '' },
  'detail.zip.recordPastDirectory': { message: 'directory record {record} of {records} runs past the directory', fix: '' },
  'detail.zip.encrypted': { message: 'it is encrypted', fix: '' },
  'detail.zip.method': { message: 'it uses compression method {method}', fix: '' },
  'detail.zip.twoSizes': { message: 'a stored entry declares two different sizes', fix: '' },
  'detail.zip.noLocalHeader': { message: 'its local header is missing', fix: '' },
  'detail.zip.localHeaderDisagrees': { message: 'its local header disagrees with the zip directory', fix: '' },
  'detail.zip.dataPastEnd': { message: 'its data run past the end of the file', fix: '' },
  'detail.zip.unaccountedBytes': { message: 'the zip directory has bytes its records do not account for', fix: '' },
  'detail.zip.overlap': { message: 'the data of “{first}” and “{second}” overlap', fix: '' },
  'detail.zip.declaresTooMuch': { message: 'it declares {declared} bytes', fix: '' },
  'detail.zip.unpacksPastDeclared': { message: 'it unpacks to more than the {declared} bytes it declares', fix: '' },
  'detail.zip.inflateDamaged': { message: 'its compressed data are damaged', fix: '' },
  'detail.zip.sizeMismatch': { message: 'it unpacks to {actual} bytes, not the {declared} it declares', fix: '' },
  'detail.zip.checksum': { message: 'its checksum (CRC-32) does not match its contents', fix: '' },
  'zip.name.notUtf8': { message: 'it is not valid UTF-8', fix: '' },
  'zip.name.empty': { message: 'it is empty', fix: '' },
  'zip.name.nul': { message: 'it contains a NUL character', fix: '' },
  'zip.name.backslash': { message: 'it contains a backslash', fix: '' },
  'zip.name.drive': { message: 'it starts with a drive letter', fix: '' },
  'zip.name.absolute': { message: 'it is an absolute path', fix: '' },
  'zip.name.climbs': { message: 'it climbs out of the archive with “..”', fix: '' },
  'zip.name.control': { message: 'it contains a control character', fix: '' },

  // ── Saving and exporting (the desktop app's main process, the browser's downloads) ──
  'save.denied': { message: 'Tensorloom is not allowed to write “{name}”.', fix: 'Choose another folder with Save As…' },
  'save.diskFull': { message: 'The disk is full, so “{name}” could not be written. The previous version is unchanged.', fix: 'Free some space and save again.' },
  'save.failed': { message: '“{name}” could not be saved ({detail}). The previous version is unchanged.', fix: 'Try again, or choose another place with Save As…' },
  'save.downloadFailed': { message: 'The browser did not start the download of “{name}”.', fix: 'Allow downloads for this page, then try again.' },
  'save.invalidModel': { message: '“{name}” is not a valid Tensorloom model or graph: {detail}', fix: 'Open a file saved by Tensorloom.' },
  'export.tooLargeToWrite': { message: 'The export is too large to write.', fix: 'Export a smaller model.' },
  'export.folderTooLarge': { message: 'The export is {size} MiB, more than the {max} MiB Tensorloom writes.', fix: 'Export a smaller model.' },
  'export.folderIsFile': { message: '“{name}” is a file; the export is a folder of files. Nothing was written.', fix: 'Export again and name a new folder.' },
  'export.folderOccupied': { message: 'The folder “{name}” already holds files; nothing was written.', fix: 'Export again and name a new folder.' },
  'export.folderDiskFull': { message: 'The export could not be written to “{name}” (the disk is full); nothing was left behind.', fix: 'Free some space and export again.' },
  'export.folderDenied': { message: 'The export could not be written to “{name}” (Tensorloom may not write there); nothing was left behind.', fix: 'Choose another place and export again.' },
  'export.folderFailed': { message: 'The export could not be written to “{name}” ({detail}); nothing was left behind.', fix: 'Choose another place, or free some space, and export again.' },
  'payload.save': { message: 'The request to save was malformed.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.export': { message: 'The request to export was malformed.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.openRecent': { message: 'The request to open a recent file was malformed.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.modelNotBytes': { message: 'The model to save was not bytes.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.graphOnlyTrained': { message: 'The graph-only copy carried trained weights.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportNotData': { message: 'The file to export was neither text nor bytes.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportNoFiles': { message: 'The export was malformed: no files.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportTooManyFiles': { message: 'The export was malformed: {count} files, more than {max}.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportBadPath': { message: 'The export was malformed: the file name “{path}”.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportNotBytes': { message: 'The export was malformed: “{path}” is not bytes.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.exportDuplicate': { message: 'The export was malformed: “{path}” twice.', fix: 'This is a bug in Tensorloom; please report it.' },
  'payload.menuRefused': { message: 'The page\'s menu description was refused: {detail}.', fix: 'This is a bug in Tensorloom; please report it.' },
} as const satisfies Record<string, MessageTemplate>;

export type MessageKey = keyof typeof MESSAGES;

/** A number as a message shows it: whole numbers with the language's digit grouping, fractions as written. */
export function formatMessageNumber(n: number, locale = 'en-US'): string {
  return Number.isInteger(n) ? n.toLocaleString(locale) : String(n);
}

/** The `{name}` placeholders of a template, each once, in order of first use. */
export function templateParams(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
}

/**
 * A template with its placeholders filled. `formatParam` lets a language say a value its own way (a block's
 * translated name, its digit grouping); by default numbers are grouped in English and text is used as given.
 */
export function fillTemplate(template: string, params: MessageParams, formatParam: (name: string, value: MessageParam) => string = defaultFormat): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : formatParam(name, value);
  });
}

/** A param named `…InBytes` holds a byte count, which a message says as a size (“12.3 MB”, “512 bytes”). */
export function isByteSizeParam(name: string): boolean {
  return name.endsWith('InBytes');
}

/** A byte count as a size: megabytes with one decimal from 1 MB on, whole bytes below; `bytesWord` is the language's word for bytes. */
export function formatByteSize(bytes: number, locale = 'en-US', bytesWord = ' bytes'): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false })} MB`;
  return `${bytes.toLocaleString(locale)}${bytesWord}`;
}

function defaultFormat(name: string, value: MessageParam): string {
  if (typeof value === 'number' && isByteSizeParam(name)) return formatByteSize(value);
  return typeof value === 'number' ? formatMessageNumber(value) : value;
}

/** The English text of a keyed sentence. */
export function englishMessage(key: MessageKey, params: MessageParams = {}): { message: string; fix: string } {
  const t = MESSAGES[key];
  return { message: fillTemplate(t.message, params), fix: fillTemplate(t.fix, params) };
}

/**
 * The parts of a Problem that say what is wrong: its code, its sentence's key and params, and the English
 * text for the CLI and logs. `fixKey` names another entry whose `fix` applies, where one sentence has several fixes. Spread into a problem literal: `{ ...coded('E_CYCLE', 'graph.cycle', { blocks }), nodeId }`.
 */
export function coded(
  code: ErrorCode,
  key: MessageKey,
  params: MessageParams = {},
  fixKey?: MessageKey,
): { code: ErrorCode; key: MessageKey; fixKey?: MessageKey; params: MessageParams; message: string; fix: string } {
  const message = englishMessage(key, params).message;
  if (!fixKey) return { code, key, params, message, fix: englishMessage(key, params).fix };
  return { code, key, fixKey, params, message, fix: englishMessage(fixKey, params).fix };
}
