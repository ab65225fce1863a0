import argparse

import gradio as gr
import uvicorn
from fastapi import FastAPI

from .chat import respond

parser = argparse.ArgumentParser()
parser.add_argument("--share", action="store_true")
parser.add_argument("--host", default="127.0.0.1")
args = parser.parse_args()

demo = gr.ChatInterface(respond)
app = FastAPI()
app = gr.mount_gradio_app(app, demo, path="/chat")

if args.share:
    demo.launch(share=args.share)
else:
    uvicorn.run(app, host=args.host, port=7860)
