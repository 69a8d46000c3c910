/**
 * The hand-written Python of model.py: one class (or function) per block kind that needs more than a stock
 * `nn` module, written to read like a textbook and to compute exactly what the engine's layers compute
 * (engine/layers/*.ts). Only the snippets a graph uses go into its model.py, in the order listed here.
 */

export type SnippetName =
  | 'safetensors'
  | 'masks'
  | 'scaledDotProductAttention'
  | 'Attention'
  | 'MultiHeadAttention'
  | 'FeedForward'
  | 'LearnedPositions'
  | 'SinusoidalPositions'
  | 'Recurrent'
  | 'maxOverTime'
  | 'tokenPooling';

interface Snippet {
  needs: SnippetName[];
  code: string;
}

export const SNIPPETS: Record<SnippetName, Snippet> = {
  maxOverTime: {
    needs: [],
    code: String.raw`
def max_over_time(x):
    """x (B, T, d) → its maximum over time (B, d). As in TensorFlow.js, every step that ties for the maximum gets
    the whole gradient (torch.max would give it to one); ties are common where [PAD] steps repeat a state."""
    top = x.detach().amax(dim=1, keepdim=True)  # (B, 1, d)
    return top.squeeze(1) + ((x - x.detach()) * (x == top)).sum(dim=1)
`,
  },
  tokenPooling: {
    needs: [],
    code: String.raw`
def masked_mean(x, tokens):
    """x (B, T, d) → the mean over the positions whose token is not [PAD] (id 0) (B, d); a row of [PAD] only gives 0."""
    real = (tokens != 0).to(x.dtype).unsqueeze(-1)  # (B, T, 1)
    return (x * real).sum(dim=1) / real.sum(dim=1).clamp(min=1)


def masked_max_over_time(x, tokens):
    """x (B, T, d) → its maximum over the non-[PAD] positions (B, d); a row of [PAD] only gives 0. Ties share the
    gradient, as in max_over_time."""
    real = (tokens != 0).unsqueeze(-1)  # (B, T, 1)
    x = torch.where(real, x, torch.full_like(x, -3.4e38))
    top = x.detach().amax(dim=1, keepdim=True)  # (B, 1, d)
    pooled = top.squeeze(1) + ((x - x.detach()) * (x == top)).sum(dim=1)
    return torch.where(real.any(dim=1), pooled, torch.zeros_like(pooled))


def last_token(x, tokens):
    """x (B, T, d) → the vector at the last position whose token is not [PAD] (B, d); a row of [PAD] only gives 0."""
    real = tokens != 0  # (B, T)
    positions = torch.arange(x.shape[1], device=x.device).unsqueeze(0)  # (1, T)
    last = (positions * real).amax(dim=1)  # (B,)
    picked = x[torch.arange(x.shape[0], device=x.device), last]  # (B, d)
    return picked * real.any(dim=1, keepdim=True).to(x.dtype)
`,
  },
  safetensors: {
    needs: [],
    code: String.raw`
def load_safetensors(path):
    """{name: float32 tensor} from a safetensors file, read without the safetensors package."""
    with open(path, "rb") as f:
        header_size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_size))
        data = bytearray(f.read())
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(data, dtype=torch.float32, offset=begin, count=(end - begin) // 4)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors
`,
  },
  masks: {
    needs: [],
    code: String.raw`
def attention_mask(t_q, t_k, causal, key_tokens, device):
    """True where a query may look at a key, (1 or B, T_q, T_k); None when every key is visible."""
    visible = None
    if causal:  # query i sees keys 0..i (shifted when the queries are the last T_q of T_k steps)
        visible = torch.ones(t_q, t_k, dtype=torch.bool, device=device).tril(t_k - t_q)[None]
    if key_tokens is not None:  # [PAD] keys (id 0) are never seen
        not_pad = (key_tokens != 0)[:, None, :]
        visible = not_pad if visible is None else visible & not_pad
    return visible


def masked_softmax(scores, visible):
    """Softmax over the keys a query may see; a query that sees no key gets all-zero weights."""
    if visible is None:
        return scores.softmax(-1)
    weights = scores.masked_fill(~visible, -1e9).softmax(-1)
    return weights * visible.any(-1, keepdim=True)
`,
  },
  scaledDotProductAttention: {
    needs: ['masks'],
    code: String.raw`
def scaled_dot_product_attention(q, k, v, causal=False, key_tokens=None):
    """softmax(Q Kᵀ / √d_k) V, without weights of its own."""
    scores = (q * (1 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)  # (B, T_q, T_k)
    visible = attention_mask(q.shape[1], k.shape[1], causal, key_tokens, q.device)
    return masked_softmax(scores, visible) @ v  # (B, T_q, d_v)
`,
  },
  Attention: {
    needs: ['masks'],
    code: String.raw`
class Attention(nn.Module):
    """Encoder-decoder attention (Luong 2015, Bahdanau 2015): softmax(score(q, k)) · values."""

    def __init__(self, score="dot", d_query=None, d_key=None, units=None):
        super().__init__()
        self.score = score
        if score == "general":  # q W_a kᵀ
            self.w = nn.Linear(d_query, d_key, bias=False)
        if score == "additive":  # vᵀ tanh(W_1 q + W_2 k)
            self.w_query = nn.Linear(d_query, units, bias=False)
            self.w_key = nn.Linear(d_key, units, bias=False)
            self.v = nn.Linear(units, 1, bias=False)

    def forward(self, query, keys, values=None, key_tokens=None):
        values = keys if values is None else values
        if self.score == "additive":
            hidden = torch.tanh(self.w_query(query)[:, :, None] + self.w_key(keys)[:, None])  # (B, T_q, T_k, u)
            scores = self.v(hidden).squeeze(-1)  # (B, T_q, T_k)
        else:
            q = self.w(query) if self.score == "general" else query
            scores = q @ keys.transpose(1, 2)  # (B, T_q, T_k)
        visible = None if key_tokens is None else (key_tokens != 0)[:, None, :]
        return masked_softmax(scores, visible) @ values  # (B, T_q, d_v)
`,
  },
  MultiHeadAttention: {
    needs: ['masks'],
    code: String.raw`
class MultiHeadAttention(nn.Module):
    """softmax(Q Kᵀ / √d_k) V in h heads side by side, then an output projection (Vaswani et al. 2017)."""

    def __init__(self, d_model, n_heads, d_memory=None, causal=False, bias=True, dropout=0.0):
        super().__init__()
        self.n_heads, self.causal = n_heads, causal
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_memory or d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_memory or d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, memory=None, key_tokens=None):
        memory = x if memory is None else memory  # self-attention unless a memory is given
        (B, T_q, d), T_k, h = x.shape, memory.shape[1], self.n_heads
        q = self.q_proj(x).view(B, T_q, h, d // h).transpose(1, 2)  # (B, h, T_q, d_k)
        k = self.k_proj(memory).view(B, T_k, h, d // h).transpose(1, 2)  # (B, h, T_k, d_k)
        v = self.v_proj(memory).view(B, T_k, h, d // h).transpose(1, 2)  # (B, h, T_k, d_k)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d // h)  # (B, h, T_q, T_k)
        visible = attention_mask(T_q, T_k, self.causal, key_tokens, x.device)
        weights = masked_softmax(scores, None if visible is None else visible[:, None])
        context = self.dropout(weights) @ v  # (B, h, T_q, d_k)
        return self.out_proj(context.transpose(1, 2).reshape(B, T_q, d))  # (B, T_q, d)
`,
  },
  FeedForward: {
    needs: [],
    code: String.raw`
class FeedForward(nn.Module):
    """act(x W_1 + b_1) W_2 + b_2 at every position; GELU is the tanh form of GPT-2 and BERT."""

    def __init__(self, d_model, d_ff, activation="relu", dropout=0.0):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff)
        self.act = nn.GELU(approximate="tanh") if activation == "gelu" else nn.ReLU()
        self.fc2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.fc2(self.act(self.fc1(x))))  # (…, d) → (…, d_ff) → (…, d)
`,
  },
  LearnedPositions: {
    needs: [],
    code: String.raw`
class LearnedPositions(nn.Module):
    """x + P[0:T], one trained vector per position (GPT, BERT)."""

    def __init__(self, max_len, d_model, dropout=0.0):
        super().__init__()
        self.table = nn.Parameter(torch.zeros(max_len, d_model))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(x + self.table[: x.shape[1]])  # (B, T, d)
`,
  },
  SinusoidalPositions: {
    needs: [],
    code: String.raw`
class SinusoidalPositions(nn.Module):
    """x + PE[0:T]: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same) (Vaswani et al. 2017)."""

    def __init__(self, max_len, d_model, dropout=0.0):
        super().__init__()
        pair = (torch.arange(d_model) // 2 * 2).double()
        angle = torch.arange(max_len).double()[:, None] / 10000 ** (pair / d_model)  # (max_len, d)
        table = torch.where(torch.arange(d_model) % 2 == 0, angle.sin(), angle.cos())
        self.register_buffer("table", table.float(), persistent=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(x + self.table[: x.shape[1]])  # (B, T, d)
`,
  },
  Recurrent: {
    needs: [],
    code: String.raw`
class Recurrent(nn.Module):
    """A simple RNN, LSTM or GRU over time, one way or both; a [PAD] step (token id 0) keeps the state.

    LSTM gates i, f, g, o with one bias (bias_hh stays zero and is not trained); GRU gates r, z, n with the
    reset gate applied after the recurrent product and separate input and recurrent biases (nn.GRU's form).
    """

    CELLS = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}

    def __init__(self, cell, d_in, units, bidirectional=False, sequences=True, dropout=0.0):
        super().__init__()
        self.cell, self.units, self.sequences, self.dropout = cell, units, sequences, dropout
        self.cells = nn.ModuleList(self.CELLS[cell](d_in, units) for _ in range(2 if bidirectional else 1))
        if cell != "gru":
            for c in self.cells:
                c.bias_hh.requires_grad_(False)

    def forward(self, x, h0=None, c0=None, tokens=None):
        (B, T, d), n = x.shape, len(self.cells)
        if self.training and self.dropout > 0:  # one mask per sequence, the same at every step
            x = x * F.dropout(x.new_ones(B, 1, d), self.dropout)
        keep = None if tokens is None else (tokens != 0)[:, :, None]  # (B, T, 1)
        zeros = x.new_zeros(B, n * self.units)
        h0s = (zeros if h0 is None else h0).chunk(n, -1)
        c0s = (zeros if c0 is None else c0).chunk(n, -1)
        outs, hs, cs = [], [], []
        for direction, cell in enumerate(self.cells):
            h, c, seq = h0s[direction], c0s[direction], [None] * T
            for t in reversed(range(T)) if direction == 1 else range(T):
                h_new, c_new = cell(x[:, t], (h, c)) if self.cell == "lstm" else (cell(x[:, t], h), c)
                if keep is not None:
                    h_new, c_new = torch.where(keep[:, t], h_new, h), torch.where(keep[:, t], c_new, c)
                h, c = h_new, c_new
                seq[t] = h
            outs.append(torch.stack(seq, 1))
            hs.append(h)
            cs.append(c)
        h, c = torch.cat(hs, -1), torch.cat(cs, -1)  # (B, s) each
        return (torch.cat(outs, -1) if self.sequences else h), h, c  # (B, T, s) or (B, s)
`,
  },
};

export const SNIPPET_ORDER: SnippetName[] = [
  'safetensors',
  'masks',
  'scaledDotProductAttention',
  'Attention',
  'MultiHeadAttention',
  'FeedForward',
  'LearnedPositions',
  'SinusoidalPositions',
  'Recurrent',
  'maxOverTime',
  'tokenPooling',
];

/** The snippets `wanted` and everything they need, in file order. */
export function withDependencies(wanted: Iterable<SnippetName>): SnippetName[] {
  const all = new Set<SnippetName>();
  const visit = (name: SnippetName) => {
    if (all.has(name)) return;
    all.add(name);
    SNIPPETS[name].needs.forEach(visit);
  };
  for (const name of wanted) visit(name);
  return SNIPPET_ORDER.filter((n) => all.has(n));
}

/** Class and function names the snippets define: a generated class must not take one of them. */
export const SNIPPET_NAMES = [
  'load_safetensors',
  'attention_mask',
  'masked_softmax',
  'scaled_dot_product_attention',
  'Attention',
  'MultiHeadAttention',
  'FeedForward',
  'LearnedPositions',
  'SinusoidalPositions',
  'Recurrent',
  'max_over_time',
  'Config',
];
