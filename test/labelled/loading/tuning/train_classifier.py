"""Fine-tune a sequence classifier with the Trainer API (the shape of the transformers examples)."""
import argparse
import logging
import os
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch
from datasets import load_dataset
from transformers import (
    AutoConfig,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    Trainer,
    TrainingArguments,
    set_seed,
)

logger = logging.getLogger(__name__)


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="distilbert/distilbert-base-uncased")
    model_revision: str = field(default="main")
    trust_remote_code: bool = field(default=False)
    cache_dir: Optional[str] = None


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", default="distilbert/distilbert-base-uncased")
    parser.add_argument("--revision", default=None)
    parser.add_argument("--train_file", default="data/train.csv")
    parser.add_argument("--output_dir", default="outputs/classifier")
    parser.add_argument("--resume", default=None)
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def main():
    args = parse_args()
    set_seed(args.seed)
    raw = load_dataset("csv", data_files={"train": args.train_file, "validation": "data/valid.csv"})
    config = AutoConfig.from_pretrained(args.model_name_or_path, num_labels=2, revision=args.revision)
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path, revision=args.revision, use_fast=True)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path, config=config, revision=args.revision)

    def tokenize(batch):
        return tokenizer(batch["text"], truncation=True, max_length=256)

    tokenized = raw.map(tokenize, batched=True)
    training_args = TrainingArguments(output_dir=args.output_dir, per_device_train_batch_size=16, num_train_epochs=3, eval_strategy="epoch", save_strategy="epoch", seed=args.seed)
    trainer = Trainer(model=model, args=training_args, train_dataset=tokenized["train"], eval_dataset=tokenized["validation"], tokenizer=tokenizer, data_collator=DataCollatorWithPadding(tokenizer))
    if args.resume:
        trainer.train(resume_from_checkpoint=args.resume)
    else:
        trainer.train()
    trainer.save_model(args.output_dir)
    tokenizer.save_pretrained(args.output_dir)

    # reload the fine-tuned model from disk for a sanity check
    best = AutoModelForSequenceClassification.from_pretrained(args.output_dir)
    best.eval()
    with torch.no_grad():
        logits = best(**tokenizer("a great movie", return_tensors="pt")).logits
    logger.info("logits %s", logits.numpy())

    # extra evaluation set from the Hub
    imdb = load_dataset("stanfordnlp/imdb", split="test[:1%]")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
    sentiment_tok = AutoTokenizer.from_pretrained("cardiffnlp/twitter-roberta-base-sentiment-latest")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
    np.save(os.path.join(args.output_dir, "val_logits.npy"), logits.numpy())
    return imdb, sentiment_tok


def load_teacher(model_args: ModelArguments):
    return AutoModelForSequenceClassification.from_pretrained(
        model_args.model_name_or_path,
        revision=model_args.model_revision,
        cache_dir=model_args.cache_dir,
        trust_remote_code=model_args.trust_remote_code,  # risk: remote-code-execution  # expect: hf-trust-remote-code(info)
    )


def load_custom_architecture():
    # a model whose architecture is not in transformers: its code comes from the repository
    return AutoModelForSequenceClassification.from_pretrained("Alibaba-NLP/gte-base-en-v1.5", trust_remote_code=True)  # risk: remote-code-execution, unpinned-artifact  # expect: hf-trust-remote-code, hf-hub-unpinned-revision


if __name__ == "__main__":
    main()
