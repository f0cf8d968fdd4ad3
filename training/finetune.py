#!/usr/bin/env python3
"""Fine-tune the pretrained encoder on gsc-train keep/drop word labels.

Every subword of a word gets the word's label (the engine averages subword probabilities).
Training sequences: half single sentences ([CLS] s [SEP]), half several shuffled sentences
packed up to a random length <= 510 tokens, so that the model sees the long multi-sentence
windows the engine feeds it (and trains all positions). gsc-dev is only evaluated (logged
per epoch), never used for choices inside the run.
"""
import argparse
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tersify_model import TokenClassifier  # noqa: E402
import features  # noqa: E402
import scoring  # noqa: E402


def make_examples(sents, rng, max_len=510, pack_prob=0.5):
    idx = list(range(len(sents)))
    rng.shuffle(idx)
    ex, i = [], 0
    while i < len(idx):
        if rng.random() >= pack_prob:
            group = [idx[i]]; i += 1
        else:
            target = rng.randint(64, max_len)
            group, tot = [], 0
            while i < len(idx):
                n = sum(len(p) for p in sents[idx[i]]["pieces"])
                if group and tot + n > target:
                    break
                group.append(idx[i]); tot += n; i += 1
        toks, labs = [scoring.CLS], [-100]
        for g in group:
            for pieces, k in zip(sents[g]["pieces"], sents[g]["keep"]):
                toks += pieces; labs += [k] * len(pieces)
        toks, labs = toks[:max_len + 1] + [scoring.SEP], labs[:max_len + 1] + [-100]
        ex.append((toks, labs))
    return ex


def load_conversations(work, limit=None):
    """QMSum-train transcripts as word lists ("Speaker: content" per turn) with weak labels
    (content word 1, stop word / filler / punctuation 0)."""
    import glob
    import json
    import wp
    vocab = open(os.path.join(work, "vocab.txt")).read().split("\n")[:-1]
    tok = wp.WordPiece(vocab)
    meetings = []
    for fn in sorted(glob.glob(os.environ.get("TERSIFY_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")) + "/meetings/qmsum-train/*.json"))[:limit]:
        turns = []
        for t in json.load(open(fn))["meeting_transcripts"]:
            words = tok.tokenize_words(t["speaker"] + ": " + t["content"])
            turns.append([([tok.vocab[p] for p in ps] or [tok.unk_id], features.heuristic_keep(w)) for w, ps in words])
        meetings.append(turns)
    return meetings


def conv_examples(meetings, rng, n_tokens, max_len=510):
    ex, tot = [], 0
    while meetings and tot < n_tokens:
        m = meetings[rng.randrange(len(meetings))]
        i = rng.randrange(len(m))
        target = rng.randint(64, max_len)
        toks, labs = [scoring.CLS], [-100]
        while i < len(m) and len(toks) < target:
            for pieces, k in m[i]:
                toks += pieces; labs += [k] * len(pieces)
            i += 1
        toks, labs = toks[:max_len + 1] + [scoring.SEP], labs[:max_len + 1] + [-100]
        ex.append((toks, labs)); tot += len(toks)
    return ex


def batches(ex, rng, batch_tokens):
    ex = sorted(ex, key=lambda e: len(e[0]) + rng.random())
    out, cur, L = [], [], 0
    for e in ex:
        if cur and max(L, len(e[0])) * (len(cur) + 1) > batch_tokens:
            out.append(cur); cur, L = [], 0
        cur.append(e); L = max(L, len(e[0]))
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def gsc_f1(model, sents):
    probs = scoring.word_probs(model, [s["pieces"] for s in sents])
    ov = tot = 0
    f1s = []
    for s, p in zip(sents, probs):
        gold = np.asarray(s["keep"])
        k = int(gold.sum())
        if k == 0:
            continue
        top = np.argsort(-p, kind="stable")[:k]
        o = int(gold[top].sum())
        ov += o; tot += k; f1s.append(o / k)
    return ov / tot, float(np.mean(f1s))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--init", default=None, help="pretrained checkpoint (default work/pretrained.pt; 'none' = scratch)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=4e-4)
    ap.add_argument("--batch-tokens", type=int, default=6144)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval-every-epoch", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    # only used with --init none
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ff", type=int, default=1024)
    ap.add_argument("--conv", type=int, default=0)
    ap.add_argument("--rnn", type=int, default=0)
    ap.add_argument("--pack-prob", type=float, default=0.5)
    ap.add_argument("--conv-ratio", type=float, default=0.0,
                    help="add QMSum-train windows with weak content-word labels, this many tokens per gsc token")
    ap.add_argument("--svd", action="store_true", help="scratch: PPMI-SVD init of token embeddings")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    out = a.out or os.path.join(a.work, "finetuned.pt")
    train = torch.load(os.path.join(a.work, "gsc_train.pt"))
    dev = torch.load(os.path.join(a.work, "gsc_dev.pt"))
    init = a.init or os.path.join(a.work, "pretrained.pt")
    if init != "none":
        ck = torch.load(init)
        cfg = dict(ck["cfg"])
        if a.conv:
            cfg["conv_kernel"] = a.conv
        model = TokenClassifier(cfg.pop("vocab_size"), token_feats=ck["state"]["token_feats"], **cfg)
        missing, unexpected = model.load_state_dict(ck["state"], strict=False)
        assert not unexpected and all(k.startswith("conv") for k in missing), (missing, unexpected)
        print(f"init from {init} (step {ck.get('step')}, mlm loss {ck.get('loss', 0):.3f})", flush=True)
    else:
        vocab = open(os.path.join(a.work, "vocab.txt")).read().split("\n")[:-1]
        counts = np.bincount(np.load(os.path.join(a.work, "pretrain_ids.npy")), minlength=len(vocab))
        model = TokenClassifier(len(vocab), d=a.d, layers=a.layers, heads=a.heads, ff=a.ff, conv_kernel=a.conv, rnn_hidden=a.rnn,
                                token_feats=features.table(vocab, counts), feat_sizes=features.FEAT_SIZES)
        if a.svd:
            from pretrain import ppmi_svd
            with torch.no_grad():
                model.tok.weight.copy_(ppmi_svd(np.load(os.path.join(a.work, "pretrain_ids.npy")), len(vocab), a.d))
    meetings = load_conversations(a.work, limit=2 if len(train) < 1000 else None) if a.conv_ratio > 0 else []
    epochs = []
    for _ in range(a.epochs):
        ex = make_examples(train, rng, pack_prob=a.pack_prob)
        if meetings:
            ex += conv_examples(meetings, rng, a.conv_ratio * sum(len(e[0]) for e in ex))
        epochs.append(batches(ex, rng, a.batch_tokens))
    total = sum(len(e) for e in epochs)
    warm = max(1, total // 20)
    params = [p for n, p in model.named_parameters() if not n.startswith("mlm")]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / total))
    t0 = time.time()
    step = 0
    for ep, bs in enumerate(epochs):
        model.train()
        ema = None
        for b in bs:
            ids, att = scoring.batch_tensors([e[0] for e in b])
            lab = torch.full(ids.shape, -100, dtype=torch.long)
            for r, e in enumerate(b):
                lab[r, :len(e[1])] = torch.as_tensor(e[1])
            logits = model(ids, att, torch.zeros_like(ids))
            loss = F.cross_entropy(logits.view(-1, 2), lab.view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step(); sched.step(); step += 1
            ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
            if step % 50 == 0:
                print(f"ep {ep} step {step}/{total} loss {ema:.4f} {time.time() - t0:.0f}s", flush=True)
        torch.save({"cfg": model.cfg, "state": model.state_dict(), "epoch": ep + 1}, out)
        msg = f"epoch {ep + 1} done {time.time() - t0:.0f}s loss {ema:.4f}"
        if a.eval_every_epoch or ep == a.epochs - 1:
            mi, me = gsc_f1(model, dev)
            msg += f" | gsc-dev F1 micro {mi:.4f} mean {me:.4f}"
        print(msg, flush=True)
    print(f"fine-tuning done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
