import os

import torch
from flask import Flask, jsonify, request
from flask_cors import cross_origin

app = Flask(__name__)
model = torch.jit.load("model.pt")
model.eval()


@app.route("/predict", methods=["POST"])  # risk: unauthenticated-endpoint
@cross_origin()
def predict():
    tensor = torch.tensor(request.json["instances"], dtype=torch.float32)
    with torch.no_grad():
        output = model(tensor)
    return jsonify(predictions=output.tolist())


@app.route("/", methods=["GET"])
def index():
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 8080)))  # risk: insecure-server-config
