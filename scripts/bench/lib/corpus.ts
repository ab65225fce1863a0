// Generated, realistic ML code for benchmarks: training loops, data prep, serving, with the
// imports and calls real projects have (most of them safe, a few risky).

const BLOCKS = [
  (i: number) => `
def load_split_${i}(path, columns=None):
    """Read one split of the dataset and normalise its columns."""
    frame = pd.read_csv(path, usecols=columns)
    frame = frame.dropna().reset_index(drop=True)
    frame["label"] = frame["label"].astype(int)
    logger.info("loaded %d rows from %s", len(frame), path)
    return frame
`,
  (i: number) => `
class Block${i}(nn.Module):
    def __init__(self, dim=256, dropout=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.proj = nn.Linear(dim, dim * 4)
        self.out = nn.Linear(dim * 4, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        h = self.proj(self.norm(x))
        return x + self.drop(self.out(torch.relu(h)))
`,
  (i: number) => `
def train_epoch_${i}(model, loader, optimizer, device="cuda"):
    model.train()
    total = 0.0
    for step, (inputs, targets) in enumerate(loader):
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
        if step % 100 == 0:
            print(f"step {step}: loss {loss.item():.4f}")
    return total / max(1, len(loader))
`,
  (i: number) => `
def evaluate_${i}(model, frame):
    preds = model.predict(frame.drop(columns=["label"]))
    report = {"accuracy": float(np.mean(preds == frame["label"])), "n": len(frame)}
    with open(os.path.join(OUTPUT_DIR, "metrics_${i}.json"), "w") as handle:
        json.dump(report, handle, indent=2)
    return report
`,
  (i: number) => `
def restore_${i}(path):
    state = torch.load(path, map_location="cpu")
    config = yaml.safe_load(open(os.path.join(os.path.dirname(path), "config.yaml")))
    return state, config
`,
];

const HEADER = `import json
import logging
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml

logger = logging.getLogger(__name__)
OUTPUT_DIR = os.environ.get("OUTPUT_DIR", "outputs")
`;

/** About `lines` lines of Python in the style of a training module. */
export function realisticPython(lines: number, seed = 0): string {
  let text = HEADER;
  let i = seed;
  while (text.split('\n').length < lines) {
    text += BLOCKS[i % BLOCKS.length](i);
    i++;
  }
  return text.split('\n').slice(0, lines).join('\n') + '\n';
}
