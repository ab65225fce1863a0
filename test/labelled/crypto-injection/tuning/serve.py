"""Model-serving API with report downloads (labelled corpus: rules-c)."""
import os
import subprocess
from pathlib import Path

import joblib
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

api = FastAPI()
app = Flask(__name__)
REPORTS = Path("reports").resolve()
MODEL = joblib.load("models/model.joblib")


@api.get("/health")
def health():
    return {"ok": True}


@api.get("/reports/{report_name}")
def get_report(report_name: str):
    return FileResponse(REPORTS / f"{report_name}.pdf")  # risk: path-traversal


@api.get("/reports-safe/{report_name}")
def get_report_safe(report_name: str):
    target = (REPORTS / f"{report_name}.pdf").resolve()
    if not target.is_relative_to(REPORTS):
        raise HTTPException(status_code=404)
    return FileResponse(target)


@api.post("/predict")
async def predict(request: Request):
    payload = await request.json()
    return {"score": float(MODEL.predict([payload["features"]])[0])}


@app.get("/export")
def export():
    name = request.args.get("name", "latest")
    return send_file(os.path.join("exports", name + ".csv"))  # risk: path-traversal


@app.get("/export-safe")
def export_safe():
    return send_from_directory("exports", request.args.get("name", "latest") + ".csv")


@app.post("/upload")
def upload():
    file = request.files["file"]
    file.save(os.path.join("uploads", secure_filename(file.filename)))
    return "ok"


@app.post("/convert")
def convert():
    fmt = request.form["format"]
    subprocess.run(f"python convert.py --format {fmt}", shell=True, check=True)  # risk: command-injection
    return "ok"


@app.post("/convert-safe")
def convert_safe():
    fmt = request.form["format"]
    if fmt not in {"onnx", "torchscript"}:
        abort(400)
    subprocess.run(["python", "convert.py", "--format", fmt], check=True)
    return "ok"


@app.get("/logs/<path:log_name>")
def logs(log_name):
    with open(os.path.join("logs", log_name)) as handle:  # risk: path-traversal
        return handle.read()


@app.get("/model-card")
def model_card():
    with open("MODEL_CARD.md") as handle:
        return handle.read()
