"""Segments customers with an LLM and stores the segment per customer."""
import os

import pandas as pd
from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
customers = pd.read_sql("SELECT customer_id, first_name, email, city, lifetime_value, last_order_notes FROM customers", os.environ["DB_URL"])


def segment_batch(batch: pd.DataFrame) -> list[str]:
    table = batch.to_markdown(index=False)
    response = client.chat.completions.create(  # risk: pii-exposure
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You assign a marketing segment to each customer."},
            {"role": "user", "content": f"Assign one of [loyal, at-risk, bargain, new] to each row:\n{table}"},
        ],
    )
    return response.choices[0].message.content.splitlines()


def anonymous_batch(batch: pd.DataFrame) -> list[str]:
    table = batch[["customer_id", "city", "lifetime_value"]].to_markdown(index=False)
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Assign a segment to each row:\n{table}"}],
    )
    return response.choices[0].message.content.splitlines()


segments = []
for start in range(0, len(customers), 50):
    segments += segment_batch(customers.iloc[start : start + 50])
customers["segment"] = segments
customers[["customer_id", "segment"]].to_csv("segments.csv", index=False)
print(customers["segment"].value_counts())
