#!/usr/bin/env python3
"""Write two tiny random-weight token-classification models for engine tests.

  test/fixtures/models/tiny-bert/     BERT + WordPiece  (input_ids, attention_mask, token_type_ids)
  test/fixtures/models/tiny-unigram/  XLM-R + Unigram   (input_ids, attention_mask)

Deterministic (fixed seeds, fixed word sample). Usage:
  /usr/bin/python3 training/make_fixtures.py [--out test/fixtures/models]
"""
import argparse
import json
import math
import os
import random
import string
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tersify_model import TokenClassifier, export_onnx  # noqa: E402
import hf_files  # noqa: E402

# A small fixed sample of English words (common words + some content words).
WORDS = """the of and to in is was for on that with as by at from it this be are or an have
has had not but which were been their they his her she he we you our can will would there
what all about when one two three new first year years people time said more also after
world test hello meeting project team data model results report market price company
government president city state country week today information system question answer
compress compression prompt token tokens word words sentence language number percent
million billion Monday January March London America United States police minister
John Smith David police school water power energy design remote control battery button""".split()


def wordpiece_vocab():
    specials = hf_files.BERT_SPECIALS
    chars = list(string.ascii_letters + string.digits + string.punctuation)
    toks = specials + chars + ["##" + c for c in string.ascii_letters + string.digits]
    seen = set(toks)

    def add(t):
        if t not in seen:
            seen.add(t)
            toks.append(t)

    for w in WORDS:
        if len(w) <= 3:
            add(w)                 # short function words are whole tokens
        else:                      # longer words: 3-char head + 2-char continuation pieces
            add(w[:3])
            for i in range(3, len(w), 2):
                add("##" + w[i:i + 2])
    return toks


def unigram_vocab():
    pieces = [(s, 0.0) for s in hf_files.UNIGRAM_SPECIALS]
    seen = {p for p, _ in pieces}
    rng = random.Random(7)

    def add(p, score):
        if p not in seen:
            seen.add(p)
            pieces.append((p, round(score, 4)))

    add("\u2581", -3.0)
    for c in string.ascii_letters + string.digits + string.punctuation:
        add(c, -9.0 - rng.random())
        add("\u2581" + c, -9.5 - rng.random())
    for w in WORDS:
        if len(w) <= 3:
            add("\u2581" + w, -5.0 - rng.random())
        else:
            add("\u2581" + w[:3], -6.0 - rng.random())
            for i in range(3, len(w), 2):
                add(w[i:i + 2], -6.5 - rng.random())
    pieces.append(("<mask>", 0.0))
    return pieces


def build(vocab_size, use_token_type, max_pos, pad_id, seed):
    torch.manual_seed(seed)
    m = TokenClassifier(vocab_size, d=32, layers=2, heads=2, ff=64, max_pos=max_pos,
                        use_token_type=use_token_type, dropout=0.0, pad_id=pad_id)
    with torch.no_grad():  # larger random weights so that logits clearly depend on the token ids
        m.tok.weight.normal_(0, 1.0)
        m.head.weight.normal_(0, 0.5)
        m.head.bias.zero_()
    m.eval()
    return m


def write(out, name, model, tok_json, tok_cfg, model_type):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    export_onnx(model, os.path.join(d, "model.onnx"), with_token_type=model.use_token_type)
    hf_files.write_json(os.path.join(d, "tokenizer.json"), tok_json)
    hf_files.write_json(os.path.join(d, "tokenizer_config.json"), tok_cfg)
    hf_files.write_json(os.path.join(d, "config.json"), hf_files.model_config(model_type, model.cfg))
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "models"))
    ap.add_argument("--ref", default=None, help="optional: write reference torch logits (json) here")
    a = ap.parse_args()
    torch.set_num_threads(2)

    wp = wordpiece_vocab()
    bert = build(len(wp), True, 512, 0, seed=1234)
    write(a.out, "tiny-bert", bert, hf_files.wordpiece_tokenizer_json(wp), hf_files.bert_tokenizer_config(), "bert")

    ug = unigram_vocab()
    xlmr = build(len(ug), False, 514, 1, seed=4321)
    write(a.out, "tiny-unigram", xlmr, hf_files.unigram_tokenizer_json(ug), hf_files.xlmr_tokenizer_config(),
          "xlm-roberta")

    if a.ref:  # reference logits for a fixed id batch, for the onnxruntime cross-check
        ref = {}
        for name, m, tt in (("tiny-bert", bert, True), ("tiny-unigram", xlmr, False)):
            g = torch.Generator().manual_seed(0)
            ids = torch.randint(5, m.cfg["vocab_size"] - 1, (2, 23), generator=g)
            mask = torch.ones_like(ids)
            mask[1, 15:] = 0
            with torch.no_grad():
                lg = m(ids, mask, torch.zeros_like(ids) if tt else None)
            ref[name] = {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": lg.tolist()}
        with open(a.ref, "w") as f:
            json.dump(ref, f)
    print("vocab sizes: wordpiece", len(wp), "unigram", len(ug))


if __name__ == "__main__":
    main()
