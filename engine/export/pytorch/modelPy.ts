/** Renders a ModelPlan as model.py: imports, the block classes it uses, Config, the group blocks and the model. */
import type { GraphDoc } from '../../graph/schema';
import type { Line, ModelPlan, ModuleClass } from './plan';
import { SNIPPETS } from './snippets';

const INDENT = '    ';

/** A comment as one line of plain text (labels may hold newlines or runs of spaces). */
export function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lineOf(l: Line, indent: string): string {
  return `${indent}${l.code}${l.comment ? `  # ${commentText(l.comment)}` : ''}`;
}

/** Wraps prose for a docstring at about 100 columns. */
export function wrap(text: string, indent = '', width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of commentText(text).split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

function renderClass(c: ModuleClass, isModel: boolean, feedComments: string[]): string[] {
  const doc = wrap(c.doc.replace(/"""/g, "'''"), INDENT);
  const docstring = doc.length === 1 ? [`${INDENT}"""${doc[0].trim()}"""`] : [`${INDENT}"""${doc[0].trim()}`, ...doc.slice(1), `${INDENT}"""`];
  const out = [`class ${c.name}(nn.Module):`, ...docstring, ''];
  out.push(`${INDENT}def __init__(self, c: Config${isModel ? ' = Config()' : ''}):`, `${INDENT}${INDENT}super().__init__()`);
  for (const l of c.init) out.push(lineOf(l, INDENT + INDENT));
  out.push('', `${INDENT}def forward(self, ${c.args.join(', ')}):`);
  for (const f of feedComments) out.push(`${INDENT}${INDENT}# ${f}`);
  for (const l of c.forward) out.push(lineOf(l, INDENT + INDENT));
  out.push(`${INDENT}${INDENT}return ${c.returns}`);
  return out;
}

export function renderModelPy(doc: GraphDoc, plan: ModelPlan, feedComments: string[]): string {
  const lines: string[] = ['"""'];
  lines.push(...wrap(`${doc.name}, exported from Tensorloom as plain PyTorch.`));
  if (doc.description) lines.push('', ...wrap(doc.description));
  lines.push(
    '',
    ...wrap(
      `Each block of the canvas is a module here, built and called in the order the app computes them; repeated groups are nn.ModuleLists. load_model() returns the model with the weights in weights.safetensors.`,
    ),
    '"""',
  );
  lines.push('import json');
  if (plan.usesMath || plan.snippets.some((s) => /\bmath\./.test(SNIPPETS[s].code))) lines.push('import math');
  lines.push('import struct', 'from dataclasses import dataclass', 'from pathlib import Path', '', 'import torch', 'import torch.nn as nn');
  if (plan.usesFunctional || plan.snippets.some((s) => /\bF\./.test(SNIPPETS[s].code))) lines.push('import torch.nn.functional as F');
  for (const s of plan.snippets) lines.push('', '', ...SNIPPETS[s].code.replace(/^\n+|\n+$/g, '').split('\n'));

  lines.push('', '', '@dataclass', 'class Config:');
  for (const f of plan.config) lines.push(`${INDENT}${f.name}: int = ${f.value}  # ${commentText(f.comment)}`);
  if (!plan.config.length) lines.push(`${INDENT}pass`);

  plan.classes.forEach((c, i) => {
    const isModel = i === plan.classes.length - 1;
    lines.push('', '', ...renderClass(c, isModel, isModel ? feedComments : []));
  });

  lines.push(
    '',
    '',
    'def load_model(path=Path(__file__).parent / "weights.safetensors", device="cpu"):',
    `${INDENT}"""${plan.className} with the weights of a safetensors file (the exported ones by default), in eval mode."""`,
    `${INDENT}model = ${plan.className}(Config())`,
    `${INDENT}model.load_state_dict(load_safetensors(path))`,
    `${INDENT}return model.to(device).eval()`,
    '',
  );
  return lines.join('\n');
}
