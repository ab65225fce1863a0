"""Fine-tunes the ticket router and logs error analysis tables to Weights & Biases."""
import pandas as pd
import wandb
from transformers import pipeline

run = wandb.init(project="ticket-router", config={"model": "distilbert-base-uncased"})
tickets = pd.read_json("data/tickets.jsonl", lines=True)
valid = tickets.sample(frac=0.1, random_state=0)
router = pipeline("text-classification", model="./checkpoints/router")
valid["predicted"] = [p["label"] for p in router(valid["body"].tolist(), truncation=True)]
errors = valid[valid.predicted != valid.queue]
run.log({"accuracy": (valid.predicted == valid.queue).mean()})
run.log({"errors": wandb.Table(dataframe=errors[["ticket_id", "customer_email", "body", "queue", "predicted"]])})  # risk: pii-exposure
run.log({"confusion": wandb.plot.confusion_matrix(y_true=valid.queue.tolist(), preds=valid.predicted.tolist())})
run.log({"errors_redacted": wandb.Table(dataframe=errors[["ticket_id", "body", "queue", "predicted"]])})
run.finish()
