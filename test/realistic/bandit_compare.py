"""Bandit on the labelled realistic project, scored like `npm run measure:realistic`.

Usage: python3 test/realistic/bandit_compare.py   (needs Debian's `bandit`; not part of CI)
Only Python files: Bandit does not read notebooks. Findings are mapped to our categories by
test id; Bandit tests outside these categories are ignored.
"""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORY = {
    "B301": "unsafe-deserialization",  # pickle, dill, shelve, jsonpickle...
    "B302": "unsafe-deserialization",  # marshal
    "B403": "unsafe-deserialization",  # import pickle
    "B506": "unsafe-deserialization",  # yaml.load
    "B614": "unsafe-deserialization",  # torch.load (newer Bandit)
    "B307": "remote-code-execution",  # eval
    "B102": "remote-code-execution",  # exec
    "B615": "unpinned-artifact",  # Hugging Face download without revision (newer Bandit)
}
RISK = re.compile(r"#\s*risk:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)")

files = sorted(glob.glob(os.path.join(HERE, "project", "**", "*.py"), recursive=True))
labels = {}
for path in files:
    for number, line in enumerate(open(path, encoding="utf-8"), start=1):
        match = RISK.search(line)
        if match:
            labels[(path, number)] = {c.strip() for c in match.group(1).split(",")}

run = subprocess.run(["bandit", "-q", "-f", "json", *files], capture_output=True, text=True)
results = json.loads(run.stdout)["results"]
reported = {}
for result in results:
    category = CATEGORY.get(result["test_id"])
    if category:
        reported.setdefault((result["filename"], result["line_number"]), set()).add(category)

print(f"bandit {subprocess.run(['bandit', '--version'], capture_output=True, text=True).stdout.split()[1]} on {len(files)} Python files\n")
print("category                  labelled  reported  TP  FP  FN  precision  recall")
totals = [0, 0, 0]
for category in ["unsafe-deserialization", "remote-code-execution", "unpinned-artifact", None]:
    if category is None:
        tp, fp, fn = totals
        name = "all"
    else:
        keys = set(labels) | set(reported)
        tp = sum(1 for k in keys if category in labels.get(k, ()) and category in reported.get(k, ()))
        fp = sum(1 for k in keys if category not in labels.get(k, ()) and category in reported.get(k, ()))
        fn = sum(1 for k in keys if category in labels.get(k, ()) and category not in reported.get(k, ()))
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        name = category
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name:<24}  {tp + fn:>8}  {tp + fp:>8}  {tp:>2}  {fp:>2}  {fn:>2}  {100 * precision:>8.1f}%  {100 * recall:>5.1f}%")
sys.exit(0)
