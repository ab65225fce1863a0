"""Utilities from an older scikit-learn / Python 2-era code base, still in use."""
import marshal
import os
import shelve

import yaml

try:
    import cPickle as pickle
except ImportError:
    import pickle

from sklearn.externals import joblib

import dill
import pandas as pd

CACHE = os.path.expanduser("~/.cache/feature_store")


def load_config(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.FullLoader)


def load_legacy_config(path):
    with open(path) as f:
        return yaml.load(f)  # risk: unsafe-deserialization  # expect: yaml-load-unsafe


def load_model(path):
    return joblib.load(path)  # risk: unsafe-deserialization  # expect: joblib-load-unsafe


def load_features(path):
    with open(path, "rb") as f:
        return pickle.load(f)  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def save_features(features, path):
    with open(path, "wb") as f:
        pickle.dump(features, f, protocol=pickle.HIGHEST_PROTOCOL)


def load_session(path="session.dill"):
    return dill.load(open(path, "rb"))  # risk: unsafe-deserialization  # expect: pickle-load-unsafe


def cached_lookup(key):
    with shelve.open(os.path.join(CACHE, "lookup")) as db:  # risk: unsafe-deserialization  # expect: pickle-load-unsafe
        return db.get(key)


def load_bytecode(blob):
    return marshal.loads(blob)  # risk: unsafe-deserialization  # expect: marshal-load-unsafe


def load_frame(name):
    return pd.read_pickle(os.path.join("data", "interim", f"{name}.pkl"))  # risk: unsafe-deserialization  # expect: pandas-read-pickle


def export_frame(df, name):
    df.to_pickle(os.path.join("data", "interim", f"{name}.pkl"))
    df.to_parquet(os.path.join("data", "interim", f"{name}.parquet"))


def load_frame_safe(name):
    return pd.read_parquet(os.path.join("data", "interim", f"{name}.parquet"))
