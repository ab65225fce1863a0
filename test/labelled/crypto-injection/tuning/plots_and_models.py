"""Evaluation plots, model export and housekeeping (labelled corpus: rules-c)."""
import json
import os
import random
import shutil
import tempfile

import joblib
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)
X = rng.normal(size=(200, 4))
y = (X[:, 0] + rng.normal(scale=0.5, size=200) > 0).astype(int)
model = LogisticRegression().fit(X, y)

fig, ax = plt.subplots()
ax.hist(model.predict_proba(X)[:, 1], bins=20)
fig.savefig("/tmp/calibration.png")  # risk: insecure-temp-file
fig.savefig(os.path.join("reports", "calibration.png"))

joblib.dump(model, "/tmp/model.joblib")  # risk: insecure-temp-file
with tempfile.TemporaryDirectory() as workdir:
    joblib.dump(model, os.path.join(workdir, "model.joblib"))
    shutil.make_archive("artifacts/model", "zip", workdir)

restored = joblib.load("/tmp/model.joblib")  # risk: insecure-temp-file
with open("/tmp/metrics.json") as handle:
    previous = json.load(handle)

os.makedirs("/tmp/ray", exist_ok=True)
os.environ["TMPDIR"] = "/tmp/job-scratch"
cache_dir = os.path.expanduser("~/.cache/acme")
os.makedirs(cache_dir, exist_ok=True)
os.chmod(cache_dir, 0o700)

idx = random.sample(range(len(X)), 20)
weights = np.random.rand(4)
perm = np.random.permutation(len(X))
noise_key = random.choice(["gaussian", "uniform"])
print("saved plots to /tmp/plots and models to /tmp/models")
