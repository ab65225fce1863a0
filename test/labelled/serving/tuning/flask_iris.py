import pickle
from functools import wraps

import numpy as np
from flask import Flask, jsonify, render_template, request, session

app = Flask(__name__)
app.secret_key = "dev"

with open("iris_model.pkl", "rb") as f:
    clf = pickle.load(f)


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if "user" not in session:
            return jsonify(error="login required"), 401
        return view(*args, **kwargs)

    return wrapped


@app.route("/")
def home():
    return render_template("index.html")


@app.route("/predict", methods=["POST"])  # risk: unauthenticated-endpoint
def predict():
    data = request.get_json(force=True)
    features = np.array(data["features"]).reshape(1, -1)
    prediction = clf.predict(features)
    return jsonify({"class": int(prediction[0])})


@app.route("/admin/retrain", methods=["POST"])
@login_required
def retrain():
    clf.fit(np.array(request.json["X"]), np.array(request.json["y"]))
    return jsonify(status="retrained")


@app.route("/about")
def about():
    return "Iris classifier demo. Source: https://archive.ics.uci.edu/dataset/53/iris"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # risk: insecure-server-config
