"""Quick fix through executeCodeActionProvider."""
import torch as th

state = th.load("model.pt", map_location="cpu")
