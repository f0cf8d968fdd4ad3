#!/usr/bin/env python3
"""Masked-LM pretraining from scratch of the small BERT-style encoder.

Embedding init: PPMI-SVD word vectors from a +-4 token co-occurrence matrix of the same
corpus (cheap distributional knowledge before MLM). Positions: half of the batches use
a random position offset so that all 512 position embeddings are trained with 128-token
windows. Saves --out checkpoint every 100 steps and at the end.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tersify_model import TokenClassifier  # noqa: E402
import features  # noqa: E402


def ppmi_svd(ids, V, dim, window=4):
    ids = ids.astype(np.int64)
    C = np.zeros(V * V, dtype=np.float64)
    for k in range(1, window + 1):
        a, b = ids[:-k], ids[k:]
        w = 1.0 / k
        C += np.bincount(a * V + b, minlength=V * V) * w
        C += np.bincount(b * V + a, minlength=V * V) * w
    C = C.reshape(V, V)
    tot = C.sum()
    row = C.sum(1, keepdims=True) + 1e-9
    col = (C.sum(0, keepdims=True) + 1e-9) ** 0.75
    col = col / col.sum() * tot
    pmi = np.log(np.maximum(C * tot, 1e-12) / (row * col))
    M = torch.from_numpy(np.maximum(pmi, 0).astype(np.float32))
    M[C == 0] = 0
    U, S, _ = torch.svd_lowrank(M, q=dim, niter=3)
    E = U * S.sqrt()
    E = E / (E.std() + 1e-9) * 0.02
    return E


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ff", type=int, default=1024)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=1100)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--no-svd", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    out = a.out or os.path.join(a.work, "pretrained.pt")
    vocab = open(os.path.join(a.work, "vocab.txt")).read().split("\n")[:-1]
    V = len(vocab)
    ids = np.load(os.path.join(a.work, "pretrain_ids.npy"))
    counts = np.bincount(ids, minlength=V)
    feat = features.table(vocab, counts)
    np.save(os.path.join(a.work, "feat_table.npy"), feat)
    model = TokenClassifier(V, d=a.d, layers=a.layers, heads=a.heads, ff=a.ff, max_pos=512,
                            token_feats=feat, feat_sizes=features.FEAT_SIZES)
    t0 = time.time()
    if not a.no_svd:
        with torch.no_grad():
            model.tok.weight.copy_(ppmi_svd(ids, V, a.d))
        print(f"ppmi-svd init {time.time() - t0:.0f}s", flush=True)
    n_params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("mlm"))
    print(f"params (exported part) {n_params / 1e6:.2f}M", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01, betas=(0.9, 0.98))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / a.warmup) * max(0.02, 1 - s / a.steps))
    MASK, CLS, SEP, PAD = vocab.index("[MASK]"), vocab.index("[CLS]"), vocab.index("[SEP]"), 0
    special = torch.zeros(V, dtype=torch.bool)
    special[:5] = True
    model.train()
    t0 = time.time()
    ema = None
    L = a.seq
    for step in range(a.steps):
        starts = rng.integers(0, len(ids) - L, a.batch)
        x = torch.from_numpy(np.stack([ids[s:s + L - 2] for s in starts]).astype(np.int64))
        x = torch.cat([torch.full((a.batch, 1), CLS), x, torch.full((a.batch, 1), SEP)], 1)
        att = torch.ones_like(x)
        sel = (torch.rand(x.shape) < 0.15) & ~special[x]
        y = x[sel]
        r = torch.rand(x.shape)
        xin = x.clone()
        xin[sel & (r < 0.8)] = MASK
        rnd = sel & (r >= 0.8) & (r < 0.9)
        xin[rnd] = torch.randint(5, V, (int(rnd.sum()),))
        # random position offset for half of the steps -> all 512 positions get trained
        off = int(rng.integers(0, 512 - L + 1)) if step % 2 else 0
        pos_w = model.pos.weight
        h = model.tok(xin) + pos_w[off:off + L].unsqueeze(0) + model.typ(torch.zeros_like(xin))
        f = model.token_feats[xin]
        for i, e in enumerate(model.feat_emb):
            h = h + e(f[..., i])
        h = model.drop(model.ln(h))
        bias = torch.zeros(a.batch, 1, 1, L)
        for layer in model.layers:
            h = layer(h, bias)
        logits = model.mlm_logits(h[sel])
        loss = F.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 20 == 0 or step == a.steps - 1:
            el = time.time() - t0
            print(f"step {step} loss {ema:.3f} lr {sched.get_last_lr()[0]:.2e} {el:.0f}s "
                  f"({(step + 1) * a.batch * L / el:.0f} tok/s)", flush=True)
        if (step + 1) % 100 == 0 or step == a.steps - 1:
            torch.save({"cfg": model.cfg, "state": model.state_dict(), "step": step + 1, "loss": ema}, out)
    print(f"pretraining done: {a.steps} steps in {time.time() - t0:.0f}s, final mlm loss {ema:.3f}")


if __name__ == "__main__":
    main()
