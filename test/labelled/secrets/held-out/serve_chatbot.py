import os

import gradio as gr
import openai
import replicate
import requests

openai.api_key = "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"  # risk: hardcoded-secret
OPENROUTER_KEY = "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"  # risk: hardcoded-secret
XAI_KEY = os.environ.get("XAI_API_KEY", "")
GROQ_HEADERS = {"Authorization": "Bearer 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", "Content-Type": "application/json"}  # risk: hardcoded-secret
rep = replicate.Client(api_token="r8_nirgnfAWXygZWNmphAGmooN8gFNMbwJpcGoSl")  # risk: hardcoded-secret
backup = replicate.Client(api_token=os.environ["REPLICATE_API_TOKEN"])
STOP_TOKEN = "</s>"
MAX_NEW_TOKENS = 512
BOS_TOKEN_ID = 1


def answer(message, history):
    body = {"model": "llama-3.1-70b-versatile", "messages": [{"role": "user", "content": message}], "max_tokens": MAX_NEW_TOKENS}
    reply = requests.post("https://api.groq.com/openai/v1/chat/completions", json=body, headers=GROQ_HEADERS, timeout=60)
    print("openrouter key in use:", OPENROUTER_KEY)  # risk: secret-exposure
    return reply.json()["choices"][0]["message"]["content"]


gr.ChatInterface(answer).launch(auth=("admin", os.environ["UI_PASSWORD"]))
