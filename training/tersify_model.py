"""Small BERT-style token classifier used for Tersify models and test fixtures.

Written with explicit attention (no nn.TransformerEncoder fast path) so that it
exports cleanly to ONNX opset 14 with dynamic batch and sequence axes, and
matches the input/output contract of a Hugging Face/Optimum token-classification
export: int64 input_ids, attention_mask (and token_type_ids for BERT), output
float32 logits [batch, seq, 2], label 1 = keep.

Optional `token_feats`: a fixed lookup table (vocab_size x n_feat, int64) of
per-vocabulary categorical features (e.g. casing, digit, frequency bucket,
word-start). Each feature has its own small embedding added to the token
embedding. As the table is keyed by token id only, it lives inside the ONNX
graph and does not change the export signature.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.h = heads
        self.dh = d // heads
        self.scale = 1.0 / math.sqrt(d // heads)
        self.qkv = nn.Linear(d, 3 * d)
        self.o = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=1e-12)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.h, self.dh).permute(2, 0, 3, 1, 4).unbind(0)
        s = torch.matmul(q, k.transpose(-1, -2)) * self.scale + bias
        a = self.drop(torch.softmax(s, dim=-1))
        y = torch.matmul(a, v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.drop(self.o(y)))
        y = self.ff2(self.drop(F.gelu(self.ff1(x))))
        return self.ln2(x + self.drop(y))


class TokenClassifier(nn.Module):
    def __init__(self, vocab_size, d=256, layers=4, heads=4, ff=None, max_pos=512,
                 type_vocab=2, use_token_type=True, num_labels=2, dropout=0.1,
                 token_feats=None, feat_sizes=None, pad_id=0, conv_kernel=0, rnn_hidden=0):
        super().__init__()
        ff = ff or 4 * d
        self.cfg = dict(vocab_size=vocab_size, d=d, layers=layers, heads=heads, ff=ff,
                        max_pos=max_pos, type_vocab=type_vocab, use_token_type=use_token_type,
                        num_labels=num_labels, dropout=dropout, feat_sizes=feat_sizes, pad_id=pad_id,
                        conv_kernel=conv_kernel, rnn_hidden=rnn_hidden)
        self.tok = nn.Embedding(vocab_size, d)
        self.pos = nn.Embedding(max_pos, d)
        self.use_token_type = use_token_type
        if use_token_type:
            self.typ = nn.Embedding(type_vocab, d)
        if token_feats is not None:
            self.register_buffer("token_feats", torch.as_tensor(token_feats, dtype=torch.long))
            self.feat_emb = nn.ModuleList([nn.Embedding(n, d) for n in feat_sizes])
        else:
            self.token_feats = None
            self.feat_emb = None
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        # optional local-context convolution over the embeddings (ConvBERT-like inductive bias,
        # helps when training from little data); exports as an ONNX Conv
        self.conv = nn.Conv1d(d, d, conv_kernel, padding=conv_kernel // 2) if conv_kernel else None
        if self.conv is not None:
            self.conv_ln = nn.LayerNorm(d, eps=1e-12)
        # optional recurrent layer (forward + backward LSTM, padding-safe: the backward pass runs
        # on each row reversed within its own length, so padded and unpadded rows agree)
        self.rnn_hidden = rnn_hidden
        if rnn_hidden:
            self.rnn_f = nn.LSTM(d, rnn_hidden, batch_first=True)
            self.rnn_b = nn.LSTM(d, rnn_hidden, batch_first=True)
            self.rnn_proj = nn.Linear(2 * rnn_hidden, d)
            self.rnn_ln = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList([Layer(d, heads, ff, dropout) for _ in range(layers)])
        self.head = nn.Linear(d, num_labels)
        # MLM head (tied to token embeddings), used only in pretraining, not exported
        self.mlm_dense = nn.Linear(d, d)
        self.mlm_ln = nn.LayerNorm(d, eps=1e-12)
        self.mlm_bias = nn.Parameter(torch.zeros(vocab_size))
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def _init_rnn(self):
        pass

    def encode(self, input_ids, attention_mask, token_type_ids=None):
        t = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos.weight[:t].unsqueeze(0)
        if self.use_token_type:
            if token_type_ids is None:
                token_type_ids = torch.zeros_like(input_ids)
            x = x + self.typ(token_type_ids)
        if self.feat_emb is not None:
            f = self.token_feats[input_ids]  # b, t, n_feat
            for i, e in enumerate(self.feat_emb):
                x = x + e(f[..., i])
        x = self.drop(self.ln(x))
        m = attention_mask.to(x.dtype)
        if self.conv is not None:
            c = self.conv((x * m.unsqueeze(-1)).transpose(1, 2)).transpose(1, 2)
            x = self.conv_ln(x + self.drop(F.gelu(c)))
        if self.rnn_hidden:
            lens = attention_mask.sum(1, keepdim=True)  # b, 1 (right padding assumed)
            ar = torch.arange(t, device=x.device).unsqueeze(0)
            rev = torch.where(ar < lens, lens - 1 - ar, ar)  # b, t (an involution)
            xr = torch.gather(x, 1, rev.unsqueeze(-1).expand(-1, -1, x.shape[2]))
            hf, _ = self.rnn_f(x)
            hb, _ = self.rnn_b(xr)
            hb = torch.gather(hb, 1, rev.unsqueeze(-1).expand(-1, -1, hb.shape[2]))
            x = self.rnn_ln(x + self.drop(self.rnn_proj(torch.cat([hf, hb], -1))))
        bias = (1.0 - m)[:, None, None, :] * -10000.0
        for l in self.layers:
            x = l(x, bias)
        return x

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        return self.head(self.drop(self.encode(input_ids, attention_mask, token_type_ids)))

    def mlm_logits(self, h):
        h = self.mlm_ln(F.gelu(self.mlm_dense(h)))
        return torch.matmul(h, self.tok.weight.t()) + self.mlm_bias


class _ExportBert(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.m(input_ids, attention_mask, token_type_ids)


class _ExportNoType(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m(input_ids, attention_mask)


def export_onnx(model, path, with_token_type=True, seq=16):
    """Export like Optimum: dynamic batch/sequence axes, output `logits`, opset 14."""
    import onnx
    model.eval()
    ids = torch.randint(5, model.cfg["vocab_size"], (2, seq), dtype=torch.long)
    mask = torch.ones(2, seq, dtype=torch.long)
    mask[1, seq // 2:] = 0
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    if with_token_type:
        wrap, args, names = _ExportBert(model), (ids, mask, torch.zeros_like(ids)), ["input_ids", "attention_mask", "token_type_ids"]
        axes["token_type_ids"] = {0: "batch_size", 1: "sequence_length"}
    else:
        wrap, args, names = _ExportNoType(model), (ids, mask), ["input_ids", "attention_mask"]
    wrap.eval()
    with torch.no_grad():
        torch.onnx.export(wrap, args, path, input_names=names, output_names=["logits"],
                          dynamic_axes=axes, opset_version=14, do_constant_folding=True)
    model.eval()  # export restores the wrapper's (training) mode recursively; undo that
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m
