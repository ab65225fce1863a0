"""Sentiment API written for a demo and deployed as is."""
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel
from transformers import pipeline

sentiment = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])  # risk: insecure-server-config


class Item(BaseModel):
    text: str


@app.get("/")
def root():
    return {"message": "Sentiment API is running"}


@app.post("/predict")  # risk: unauthenticated-endpoint
def predict(item: Item):
    result = sentiment(item.text)[0]
    return {"label": result["label"], "score": result["score"]}


@app.post("/predict_batch")  # risk: unauthenticated-endpoint
async def predict_batch(items: list[Item]):
    return sentiment([i.text for i in items])


@app.get("/health")
def health():
    return {"status": "healthy"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)  # risk: insecure-server-config
