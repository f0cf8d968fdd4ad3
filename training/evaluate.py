#!/usr/bin/env python3
"""Evaluate a fine-tuned checkpoint and the baselines; writes a JSON report.

gsc-dev: word-level F1 of the kept set at the gold rate (top-k words per sentence,
  k = gold number kept). As |kept| = |gold|, per-sentence P = R = F1 = overlap / k.
  Reports micro F1 (sum overlap / sum k) and mean per-sentence F1.
  Baselines: first-k words; stop-word heuristic (content words before stop words before
  punctuation, ties in text order); random (mean over 5 seeds).
QMSum-val (conversational): each transcript ("Speaker: content" per line) is cut into
  <=510-token windows (at turn ends) and each window is compressed at a rate r (keep the
  round(r*n) highest-scoring words of the window, LLMLingua-2's per-chunk budget, counted in
  words). Measure: share of the content words (not stop word / punctuation) inside the
  query-relevant turns (specific queries' relevant_text_span) that survive; and the share of
  the gold answers' content words occurring in those turns that survive ("answer words").
XQuAD (evaluation only, never trained on): each paragraph compressed at rate 0.5 (same
  per-window word budget); share of questions whose answer words all survive.
"""
import argparse
import glob
import json
import os
import random
import re
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tersify_model import TokenClassifier  # noqa: E402
import features  # noqa: E402
import scoring  # noqa: E402
import wp  # noqa: E402

DATA = os.environ.get("TERSIFY_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))


is_punct = features.is_punct
is_stop = features.is_stop


def stop_scores(words):
    """stop-word heuristic: content 2, stop word 1, punctuation 0; ties by position (earlier first)."""
    n = len(words)
    return np.asarray([(0 if is_punct(w) else 1 if is_stop(w) else 2) + 0.5 * (1 - i / max(1, n))
                       for i, w in enumerate(words)])


def topk_mask(scores, k):
    m = np.zeros(len(scores), dtype=bool)
    if k > 0:
        m[np.argsort(-np.asarray(scores), kind="stable")[:k]] = True
    return m


def gsc_eval(model, tok, rows, limit=None):
    rows = rows[:limit] if limit else rows
    pieces = [[tok.encode(w) or [tok.unk_id] for w in r["words"]] for r in rows]
    probs = scoring.word_probs(model, pieces) if model is not None else None
    meth = {"model": [], "first-k": [], "stop-word": [], "random": []}
    for i, r in enumerate(rows):
        gold = np.asarray(r["keep"], dtype=bool)
        k = int(gold.sum())
        if k == 0:
            continue
        n = len(gold)
        cand = {"first-k": -np.arange(n, dtype=float), "stop-word": stop_scores(r["words"])}
        if probs is not None:
            cand["model"] = probs[i]
        for name, s in cand.items():
            meth[name].append((int((topk_mask(s, k) & gold).sum()), k))
        rs = []
        for seed in range(5):
            rr = np.random.default_rng(1000 * seed + i).random(n)
            rs.append(int((topk_mask(rr, k) & gold).sum()))
        meth["random"].append((float(np.mean(rs)), k))
    out = {}
    for name, v in meth.items():
        if v:
            out[name] = {"micro_f1": round(sum(o for o, _ in v) / sum(k for _, k in v), 4),
                         "mean_f1": round(float(np.mean([o / k for o, k in v])), 4)}
    out["n_sentences"] = len(meth["first-k"])
    return out


def window_scores(words, pieces, scores_fn, ends):
    wins = scoring.chunk_words(pieces, 510, ends)
    return wins, scores_fn([pieces[s:e] for s, e in wins], [words[s:e] for s, e in wins])


def compress_windows(words, pieces, scores_fn, rate, ends, pre=None):
    """returns keep mask over words, per-window budget round(rate*n)."""
    keep = np.zeros(len(words), dtype=bool)
    wins, sc = pre or window_scores(words, pieces, scores_fn, ends)
    for (s, e), v in zip(wins, sc):
        keep[s:e] = topk_mask(v, int(round(rate * (e - s))))
    return keep


def scorers(model):
    out = {"stop-word": lambda P, W: [stop_scores(w) for w in W]}
    if model is not None:
        out["model"] = lambda P, W: scoring.word_probs(model, P)
    return out


def turn_words(tok, text):
    tw = tok.tokenize_words(text)
    return [w for w, _ in tw], [[tok.vocab[x] for x in p] if p else [tok.unk_id] for _, p in tw]


def qmsum_eval(model, tok, rates=(0.5, 0.33), limit=None):
    files = sorted(glob.glob(f"{DATA}/meetings/qmsum-val/*.json"))[:limit]
    res = {name: {r: [0, 0, 0, 0] for r in rates} for name in scorers(model)}
    n_q = 0
    for fn in files:
        d = json.load(open(fn))
        words, pieces, ends, turn_of, is_speaker = [], [], [], [], []
        for ti, t in enumerate(d["meeting_transcripts"]):
            sw, sp = turn_words(tok, t["speaker"] + ":")
            cw, cp = turn_words(tok, t["content"])
            for j, (w, p) in enumerate(zip(sw + cw, sp + cp)):
                words.append(w); pieces.append(p); turn_of.append(ti); is_speaker.append(j < len(sw))
                ends.append(False)
            if ends:
                ends[-1] = True
        turn_of = np.asarray(turn_of); is_speaker = np.asarray(is_speaker)
        content = np.asarray([not is_punct(w) and not is_stop(w) for w in words]) & ~is_speaker
        spans = []
        for q in d.get("specific_query_list", []):
            rel = np.zeros(len(words), dtype=bool)
            for s, e in q.get("relevant_text_span", []):
                rel |= (turn_of >= int(s)) & (turn_of <= int(e))
            ans = {w.lower() for w in wp.pre_tokenize(q["answer"]) if not is_punct(w) and not is_stop(w)}
            aw = np.asarray([w.lower() in ans for w in words])
            spans.append((rel & content, rel & content & aw))
        n_q += len(spans)
        for name, fn_s in scorers(model).items():
            pre = window_scores(words, pieces, fn_s, ends)
            for r in rates:
                keep = compress_windows(words, pieces, fn_s, r, ends, pre)
                for m1, m2 in spans:
                    acc = res[name][r]
                    acc[0] += int((keep & m1).sum()); acc[1] += int(m1.sum())
                    acc[2] += int((keep & m2).sum()); acc[3] += int(m2.sum())
    out = {"n_meetings": len(files), "n_queries": n_q}
    for name, v in res.items():
        out[name] = {f"rate_{r}": {"relevant_content_word_survival": round(a[0] / max(1, a[1]), 4),
                                   "answer_word_survival": round(a[2] / max(1, a[3]), 4)} for r, a in v.items()}
    return out


def xquad_eval(model, tok, rate=0.5, limit=None):
    d = json.load(open(f"{DATA}/qa/xquad.en.json"))
    paras = [p for art in d["data"] for p in art["paragraphs"]][:limit]
    res = {name: [0, 0] for name in scorers(model)}
    for p in paras:
        ctx = p["context"]
        # words with char offsets (BERT pre-tokenization of the normalized text keeps offsets for plain text)
        spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", ctx)]
        words = [ctx[s:e] for s, e in spans]
        pieces = [tok.encode(w) or [tok.unk_id] for w in words]
        ends = [w in ".!?" for w in words]
        for name, fn_s in scorers(model).items():
            keep = compress_windows(words, pieces, fn_s, rate, ends)
            for q in p["qas"]:
                a = q["answers"][0]
                s0, e0 = a["answer_start"], a["answer_start"] + len(a["text"])
                idx = [i for i, (s, e) in enumerate(spans) if s < e0 and e > s0]
                res[name][0] += int(all(keep[i] for i in idx)); res[name][1] += 1
    return {name: {"answer_survival": round(a / max(1, b), 4), "n_questions": b} for name, (a, b) in res.items()}


def load_model(path):
    ck = torch.load(path)
    cfg = dict(ck["cfg"])
    m = TokenClassifier(cfg.pop("vocab_size"), token_feats=ck["state"]["token_feats"], **cfg)
    m.load_state_dict(ck["state"])
    m.eval()
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--ckpt", default=None, help="default work/finetuned.pt; 'none' = baselines only")
    ap.add_argument("--out", default=None, help="write the JSON report here")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip", default="", help="comma list of: qmsum,xquad")
    a = ap.parse_args()
    torch.set_num_threads(2)
    vocab = open(os.path.join(a.work, "vocab.txt")).read().split("\n")[:-1]
    tok = wp.WordPiece(vocab)
    ck = a.ckpt or os.path.join(a.work, "finetuned.pt")
    model = None if ck == "none" else load_model(ck)
    rows = [json.loads(l) for l in open(f"{DATA}/nl/gsc-dev.jsonl")]
    t0 = time.time()
    rep = {"gsc_dev": gsc_eval(model, tok, rows, a.limit)}
    print(json.dumps(rep["gsc_dev"]), f"{time.time() - t0:.0f}s", flush=True)
    if "qmsum" not in a.skip:
        rep["qmsum_val"] = qmsum_eval(model, tok, limit=a.limit and 1)
        print(json.dumps(rep["qmsum_val"]), f"{time.time() - t0:.0f}s", flush=True)
    if "xquad" not in a.skip:
        rep["xquad_rate0.5_no_question"] = xquad_eval(model, tok, limit=a.limit)
        print(json.dumps(rep["xquad_rate0.5_no_question"]), f"{time.time() - t0:.0f}s", flush=True)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(rep, f, indent=1)


if __name__ == "__main__":
    main()
