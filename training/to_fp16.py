"""Store a model's large float32 weights as float16 (half the file size) with Cast nodes back to float32.

ONNX Runtime folds the casts when it loads the model, so inference still runs in float32 at the same
speed; only the weights are rounded to half precision. Usage:
  /usr/bin/python3 training/to_fp16.py IN.onnx OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MIN_ELEMENTS = 1024  # small tensors (biases, norms) stay float32


def convert(src: str, dst: str) -> None:
    model = onnx.load(src)
    graph = model.graph
    casts = []
    kept = []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and np.prod(init.dims) >= MIN_ELEMENTS:
            arr = numpy_helper.to_array(init)
            half = numpy_helper.from_array(arr.astype(np.float16), name=init.name + "__fp16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "__cast"))
        else:
            kept.append(init)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
