#!/usr/bin/env bash
# Whole training pipeline on a few examples with tiny sizes (CI smoke test, < 2 minutes on 2 cores).
# Usage: training/smoke.sh [outdir]   (default: a temp dir; the exported model is in $OUT/model)
# Data: $TERSIFY_DATA (default /work/shared/data). Needs: python3-torch, python3-onnx (Debian), node + repo node_modules for the load check.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$(mktemp -d)}"
PY="${PYTHON:-/usr/bin/python3}"
W="$OUT/work"
mkdir -p "$W"
t0=$(date +%s)
"$PY" "$HERE/prep_data.py" --work "$W" --limit 40 --vocab-size 600
# optional MLM pretraining (not used for the shipped model, kept working)
"$PY" "$HERE/pretrain.py" --work "$W" --d 64 --layers 1 --heads 2 --ff 128 --seq 64 --batch 4 --steps 3 --warmup 2 --out "$W/pretrained.pt"
"$PY" "$HERE/finetune.py" --work "$W" --init "$W/pretrained.pt" --epochs 1 --batch-tokens 2048 --out "$W/ft_from_mlm.pt"
# the shipped recipe: PPMI-SVD embeddings + BiLSTM + transformer, fine-tuned on gsc-train
"$PY" "$HERE/finetune.py" --work "$W" --init none --svd --d 64 --layers 1 --heads 2 --ff 128 --rnn 32 --pack-prob 0.3 --conv-ratio 0.5 --epochs 1 --batch-tokens 2048
"$PY" "$HERE/evaluate.py" --work "$W" --limit 20 --out "$W/eval.json"
"$PY" "$HERE/export.py" --work "$W" --out "$OUT/model" --ref "$W/ref.json"
# fold the feature table into the token embedding, as for the shipped model
"$PY" "$HERE/fold_onnx.py" "$OUT/model/model.onnx" "$OUT/model/model.onnx"
if command -v node >/dev/null && [ -d "$HERE/../node_modules/onnxruntime-node" ]; then
  node "$HERE/verify_model.cjs" "$OUT/model" "$W/ref.json" model
fi
echo "smoke OK in $(( $(date +%s) - t0 ))s; model in $OUT/model"
