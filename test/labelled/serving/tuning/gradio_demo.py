import os

import gradio as gr
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased", revision="1c4513b2eedbda136f57676a34eea67aba266e5c")
model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", revision="1c4513b2eedbda136f57676a34eea67aba266e5c")


def classify(text):
    with torch.no_grad():
        logits = model(**tokenizer(text, return_tensors="pt")).logits
    return {str(i): float(p) for i, p in enumerate(torch.softmax(logits, -1)[0])}


internal = gr.Interface(fn=classify, inputs="text", outputs="label")
internal.launch(server_name="0.0.0.0", auth=(os.environ["DEMO_USER"], os.environ["DEMO_PASSWORD"]))

with gr.Blocks(title="Review triage") as demo:
    box = gr.Textbox(label="Review")
    out = gr.Label()
    box.submit(classify, box, out)

demo.launch(share=True)  # risk: unauthenticated-endpoint
