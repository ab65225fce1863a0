"""Fine-tunes a text classifier on the prepared support tickets."""
import argparse
import os

import pandas as pd
import torch
import yaml
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup


def load_config(path: str) -> dict:
    with open(path) as handle:
        return yaml.load(handle, Loader=yaml.Loader)


def build_model(cfg: dict):
    tokenizer = AutoTokenizer.from_pretrained(cfg["model"]["base"])
    model = AutoModelForSequenceClassification.from_pretrained(
        cfg["model"]["base"],
        num_labels=cfg["model"]["num_labels"],
        trust_remote_code=True,
    )
    return tokenizer, model


def make_loader(frame: pd.DataFrame, tokenizer, cfg: dict, shuffle: bool) -> DataLoader:
    enc = tokenizer(list(frame["body"]), truncation=True, padding="max_length", max_length=cfg["model"]["max_length"], return_tensors="pt")
    dataset = torch.utils.data.TensorDataset(enc["input_ids"], enc["attention_mask"], torch.tensor(frame["label"].values))
    return DataLoader(dataset, batch_size=cfg["training"]["batch_size"], shuffle=shuffle)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/train.yaml")
    args = parser.parse_args()
    cfg = load_config(args.config)
    torch.manual_seed(cfg["training"]["seed"])
    device = "cuda" if torch.cuda.is_available() else "cpu"

    tokenizer, model = build_model(cfg)
    if os.path.exists(cfg["resume_from"]):
        state = torch.load(cfg["resume_from"], map_location=device)
        model.load_state_dict(state["model"])
    model.to(device)

    train = make_loader(pd.read_parquet(cfg["data"]["train"]), tokenizer, cfg, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["training"]["learning_rate"])
    total_steps = len(train) * cfg["training"]["epochs"]
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total_steps * cfg["training"]["warmup_ratio"]), total_steps)

    for epoch in range(cfg["training"]["epochs"]):
        model.train()
        for input_ids, attention_mask, labels in train:
            out = model(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device), labels=labels.to(device))
            out.loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        print(f"epoch {epoch}: loss {out.loss.item():.4f}")
        os.makedirs(cfg["output_dir"], exist_ok=True)
        torch.save({"model": model.state_dict(), "epoch": epoch}, os.path.join(cfg["output_dir"], "last.pt"))


if __name__ == "__main__":
    main()
