#!/usr/bin/env python3
"""Export a fine-tuned checkpoint as a Hugging Face/Optimum-style ONNX token classifier.

Writes <out>/model.onnx (opset 14; int64 input_ids, attention_mask, token_type_ids with
dynamic batch/sequence axes; float32 logits [batch, seq, 2], label 1 = keep),
tokenizer.json, tokenizer_config.json, config.json, and <out>/../<name>.ref.json is NOT
written into the model dir: reference logits go to --ref (for verify_model.cjs).
"""
import argparse
import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tersify_model import export_onnx  # noqa: E402
from evaluate import load_model  # noqa: E402
import hf_files  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(os.path.dirname(__file__), "work"))
    ap.add_argument("--ckpt", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ref", default=None)
    a = ap.parse_args()
    torch.set_num_threads(2)
    m = load_model(a.ckpt or os.path.join(a.work, "finetuned.pt"))
    os.makedirs(a.out, exist_ok=True)
    ref = None
    if a.ref:  # reference logits for verify_model.cjs
        g = torch.Generator().manual_seed(0)
        ids = torch.randint(5, m.cfg["vocab_size"], (2, 37), generator=g)
        mask = torch.ones_like(ids)
        mask[1, 20:] = 0
        with torch.no_grad():
            lg = m(ids, mask, torch.zeros_like(ids))
        ref = {"model": {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": lg.tolist()}}
    export_onnx(m, os.path.join(a.out, "model.onnx"), with_token_type=True)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.work, f), os.path.join(a.out, f))
    hf_files.write_json(os.path.join(a.out, "config.json"), hf_files.model_config("bert", m.cfg, {
        "tersify": {"label_keep": 1, "word_aggregation": "mean",
                    "architecture": "embeddings (+ per-token-id feature table: shape/piece/frequency/stop word, folded into the token embedding by fold_onnx.py)"
                                    + (f" -> conv k={m.cfg['conv_kernel']}" if m.cfg.get("conv_kernel") else "")
                                    + (f" -> padding-safe BiLSTM {m.cfg['rnn_hidden']}x2" if m.cfg.get("rnn_hidden") else "")
                                    + (f" -> {m.cfg['layers']} post-LN transformer layers ({m.cfg['heads']} heads, ff {m.cfg['ff']})" if m.cfg["layers"] else "")
                                    + " -> linear(2)",
                    "note": "ONNX-only model: the graph is the reference; right padding is assumed (attention_mask = 1...1 0...0)"}}))
    if ref:
        with open(a.ref, "w") as f:
            json.dump(ref, f)
    print("exported", a.out, {f: os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out)})


if __name__ == "__main__":
    main()
