import os
import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sentence_transformers import SentenceTransformer

app = FastAPI()
embedder = SentenceTransformer("all-MiniLM-L6-v2")
API_KEY = os.environ["EMBEDDINGS_API_KEY"]


@app.middleware("http")
async def require_key(request: Request, call_next):
    if request.url.path != "/health" and not secrets.compare_digest(request.headers.get("x-api-key", ""), API_KEY):
        return JSONResponse({"detail": "unauthorized"}, status_code=401)
    return await call_next(request)


@app.post("/embed")
def embed(texts: list[str]):
    return {"vectors": embedder.encode(texts).tolist()}


@app.get("/health")
def health():
    return {"ok": True}
