#!/usr/bin/env python3
"""Data preparation: pretraining corpus, cased WordPiece vocab, tokenizer.json, token ids.

Sources (never xquad, never gsc-dev, never qmsum-val):
  * gsc-train `text` (news sentences)
  * QMSum train transcripts (+ their query answers/summaries)
  * prose paragraphs from Debian documentation under /usr/share/doc (README/*.md/*.txt)
Outputs in --work: corpus.txt, vocab.txt, tokenizer.json, pretrain_ids.npy, gsc_{train,dev}.pt
"""
import argparse
import collections
import glob
import gzip
import json
import os
import re
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hf_files  # noqa: E402
import wp  # noqa: E402

DATA = os.environ.get("TERSIFY_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))


def read_jsonl(p, limit=None):
    out = []
    with open(p) as f:
        for line in f:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def qmsum_docs(split, limit=None):
    docs = []
    for fn in sorted(glob.glob(f"{DATA}/meetings/qmsum-{split}/*.json"))[:limit]:
        d = json.load(open(fn))
        turns = [f"{t['speaker']} : {t['content']}" for t in d["meeting_transcripts"]]
        for i in range(0, len(turns), 20):        # ~20 turns per line/document
            docs.append(" ".join(turns[i:i + 20]))
        for q in d.get("general_query_list", []) + d.get("specific_query_list", []):
            docs.append(q["query"] + " " + q["answer"])
    return docs


WORD = re.compile(r"^[A-Za-z][a-z'-]*[.,;:!?)]?$")


def debian_docs(max_words):
    files = []
    for fn in sorted(glob.glob("/usr/share/doc/**/*", recursive=True)):
        b = os.path.basename(fn).lower()
        if not os.path.isfile(fn) or "changelog" in b or "copyright" in b or "news" in b:
            continue
        if b.startswith("readme") or b.endswith((".md", ".txt", ".md.gz", ".txt.gz")):
            files.append(fn)
    docs, n = [], 0
    for fn in files:
        try:
            raw = gzip.open(fn, "rt", errors="ignore").read() if fn.endswith(".gz") else open(fn, errors="ignore").read()
        except Exception:
            continue
        for para in re.split(r"\n\s*\n", raw):
            toks = para.split()
            if len(toks) < 12:
                continue
            if sum(1 for t in toks if WORD.match(t)) < 0.75 * len(toks):
                continue
            docs.append(" ".join(toks))
            n += len(toks)
            if n >= max_words:
                return docs
    return docs


def encode_gsc(tok, rows):
    """Per sentence: list of word piece-id lists and word labels."""
    out = []
    for r in rows:
        pieces = []
        for w in r["words"]:
            ids = tok.encode(w) or [tok.unk_id]
            pieces.append(ids)
        out.append({"pieces": pieces, "keep": r["keep"], "words": r["words"]})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--vocab-size", type=int, default=12000)
    ap.add_argument("--debian-words", type=int, default=1500000)
    ap.add_argument("--limit", type=int, default=None, help="smoke test: use only a few examples")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    t0 = time.time()
    gtrain = read_jsonl(f"{DATA}/nl/gsc-train.jsonl", a.limit)
    gdev = read_jsonl(f"{DATA}/nl/gsc-dev.jsonl", a.limit)
    docs = [r["text"] for r in gtrain]
    docs += qmsum_docs("train", limit=2 if a.limit else None)
    docs += debian_docs(a.debian_words if not a.limit else 2000)
    with open(os.path.join(a.work, "corpus.txt"), "w") as f:
        for d in docs:
            f.write(d.replace("\n", " ") + "\n")
    counts = collections.Counter()
    for d in docs:
        counts.update(wp.pre_tokenize(wp.normalize(d)))
    print(f"corpus: {len(docs)} docs, {sum(counts.values())} pre-tokens, {len(counts)} types", flush=True)
    vocab = wp.build_vocab(counts, a.vocab_size)
    with open(os.path.join(a.work, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    hf_files.write_json(os.path.join(a.work, "tokenizer.json"), hf_files.wordpiece_tokenizer_json(vocab))
    hf_files.write_json(os.path.join(a.work, "tokenizer_config.json"), hf_files.bert_tokenizer_config())
    tok = wp.WordPiece(vocab)
    # pretraining ids: documents concatenated, separated by [SEP]
    ids = []
    sep = tok.vocab["[SEP]"]
    for d in docs:
        ids.extend(tok.encode(d))
        ids.append(sep)
    ids = np.asarray(ids, dtype=np.int32)
    np.save(os.path.join(a.work, "pretrain_ids.npy"), ids)
    unk = float((ids == tok.unk_id).mean())
    n_words = sum(counts.values())
    print(f"vocab {len(vocab)}; pretrain tokens {len(ids)} ({len(ids) / n_words:.3f} tokens/pre-token), unk {unk:.4%}")
    torch.save(encode_gsc(tok, gtrain), os.path.join(a.work, "gsc_train.pt"))
    torch.save(encode_gsc(tok, gdev), os.path.join(a.work, "gsc_dev.pt"))
    print(f"prep done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
