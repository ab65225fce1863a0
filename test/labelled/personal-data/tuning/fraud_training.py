"""Fraud model on the public credit-card dataset (PCA features only) and on the bank's own transactions."""
import pandas as pd
import torch
from sklearn.model_selection import train_test_split

cards = pd.read_csv("creditcard.csv")
print(cards.head())
print(cards["Class"].value_counts())
X = cards.drop(columns=["Class"]).values
torch.save(torch.tensor(X, dtype=torch.float32), "tensors/cards.pt")

transactions = pd.read_csv("bank/transactions.csv", usecols=["txn_id", "iban", "card_number", "merchant", "amount", "is_fraud"])
print(transactions.sample(5))  # risk: pii-exposure
train, test = train_test_split(transactions, test_size=0.2, stratify=transactions["is_fraud"])
train.to_csv("splits/train.csv", index=False)  # risk: unencrypted-storage
test.drop(columns=["iban", "card_number"]).to_csv("splits/test.csv", index=False)
torch.save({"features": train[["amount"]].values, "labels": train["is_fraud"].values}, "tensors/train.pt")
flagged = transactions[transactions.is_fraud == 1]
print(f"{len(flagged)} fraudulent transactions, total {flagged.amount.sum():.2f}")
for card in flagged["card_number"].unique()[:10]:
    print("blocking card", card)  # risk: pii-exposure
