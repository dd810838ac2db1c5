#!/usr/bin/python3
"""Writes scikit-learn's breast-cancer set as a CSV, and scikit-learn's standardization of its training split,
for tests/TorchPractice.Tests/Data/Scaling/StandardizationTests.cs.

Run from anywhere:  /usr/bin/python3 tests/TorchPractice.Tests/Fixtures/generate_breast_cancer.py
Needs Debian's python3-sklearn (1.2). The outputs are committed.

data/breast_cancer.csv: 569 rows, the 30 features (names with '_' for ' ') and the label `benign` (1 = benign,
  sklearn's target) last; every number written with repr (shortest round-trip), so double.Parse gets the same bits.
data/breast_cancer_standardization.json: StandardScaler().fit(X_train) with
  train_test_split(X, y, test_size=0.2, random_state=1, stratify=y) -- the split TorchPractice makes of a CSV
  with its defaults (--data-seed 1, 20 % test, stratified): mean_ and scale_ (population std, 1 for a constant feature).
"""
import csv
import json
import os

import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

d = load_breast_cancer()
X, y = d.data, d.target
names = [n.replace(" ", "_") for n in d.feature_names]
with open(os.path.join(OUT, "breast_cancer.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(names + ["benign"])
    for row, label in zip(X, y):
        w.writerow([repr(float(v)) for v in row] + [int(label)])

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1, stratify=y)
scaler = StandardScaler().fit(X_train)
with open(os.path.join(OUT, "breast_cancer_standardization.json"), "w") as f:
    json.dump({
        "sklearn": sklearn.__version__,
        "train_count": int(len(y_train)), "test_count": int(len(y_test)),
        "train_benign": int(y_train.sum()), "test_benign": int(y_test.sum()),
        "mean": [float(v) for v in scaler.mean_],
        "scale": [float(v) for v in scaler.scale_],
        "test_first_row_standardized": [float(v) for v in scaler.transform(X_test[:1])[0]],
    }, f, indent=1)
