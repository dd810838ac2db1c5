#!/usr/bin/python3
"""Writes course_case.json: the course's gradient_check_n_test_case (np.random.seed(1); X, W1..b3 drawn
in that order from one stream), every float64 written with repr so it round-trips exactly.
Run with Debian's numpy: /usr/bin/python3 make_course_case.py > course_case.json"""
import json
import numpy as np

np.random.seed(1)
shapes = [("X", (4, 3)), ("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
tensors = []
for name, shape in shapes:
    values = np.random.randn(*shape)
    tensors.append('    {"name": "%s", "shape": [%d, %d], "values": [%s]}'
                   % (name, shape[0], shape[1], ", ".join(repr(float(v)) for v in values.ravel())))
print('{\n  "source": "np.random.seed(1); randn in the order listed (numpy %s)",\n  "Y": [1.0, 1.0, 0.0],\n  "tensors": [\n%s\n  ]\n}'
      % (np.__version__, ",\n".join(tensors)))
