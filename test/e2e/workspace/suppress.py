"""The "ignore this rule on this line" action: pickle.load has no mechanical fix."""
import pickle

with open("features.pkl", "rb") as handle:
    features = pickle.load(handle)
