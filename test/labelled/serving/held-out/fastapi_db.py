from fastapi import Depends, FastAPI, UploadFile
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import SessionLocal
from .inference import Predictor

app = FastAPI(title="claims-triage")
predictor = Predictor()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.post("/triage")  # risk: unauthenticated-endpoint
def triage(claim_id: int, db: Session = Depends(get_db)):
    row = db.execute(text("SELECT * FROM claims WHERE id = :id"), {"id": claim_id}).mappings().one()
    return {"priority": predictor.predict(dict(row))}


@app.post("/upload")  # risk: unauthenticated-endpoint
async def upload(file: UploadFile):
    content = await file.read()
    return {"priority": predictor.predict_bytes(content)}


@app.websocket("/stream")
async def stream(websocket):
    await websocket.accept()
    await websocket.send_text("hello")
