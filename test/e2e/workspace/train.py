"""Fine-tunes a classifier from the last checkpoint (editor test workspace: the UI suite)."""
import torch

checkpoint = torch.load("checkpoints/best.pt")
print(sorted(checkpoint))
