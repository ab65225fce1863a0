"""A Gradio demo that serves a text-to-SQL model and runs the query it writes."""
import os
import sqlite3

import gradio as gr
import pandas as pd
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
from vllm import LLM, SamplingParams

MODEL_ID = os.environ.get("MODEL_ID", "defog/sqlcoder-7b-2")
REVISION = os.environ.get("MODEL_REVISION")

tok = AutoTokenizer.from_pretrained(MODEL_ID, revision=REVISION)
model = AutoModelForCausalLM.from_pretrained(MODEL_ID, revision=REVISION, torch_dtype=torch.float16)
fast = LLM(model="defog/sqlcoder-7b-2", dtype="half")  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
judge = pipeline("text-classification", model="./models/judge", device=0)
db = sqlite3.connect("warehouse.db")


def to_sql(question: str) -> str:
    prompt = f"### Question\n{question}\n### SQL\n"
    ids = tok(prompt, return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=200)
    return tok.decode(out[0][ids.shape[1]:], skip_special_tokens=True)


def answer(question: str):
    sql = to_sql(question)
    frame = pd.read_sql_query(sql, db)
    chart_code = fast.generate([f"Write matplotlib code for: {question}"], SamplingParams(max_tokens=256))[0].outputs[0].text
    exec(chart_code)  # risk: remote-code-execution  # expect: eval-untrusted-code
    return frame


def score(row: str) -> float:
    return float(judge(row)[0]["score"])


demo = gr.Interface(fn=answer, inputs="text", outputs="dataframe")

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1")
