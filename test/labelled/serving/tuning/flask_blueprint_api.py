import hmac
import os

import joblib
from flask import Blueprint, Flask, abort, jsonify, request

api = Blueprint("api", __name__, url_prefix="/api")
model = joblib.load("model.joblib")


@api.before_request
def check_api_key():
    supplied = request.headers.get("X-API-Key", "")
    if not hmac.compare_digest(supplied, os.environ["API_KEY"]):
        abort(401)


@api.route("/score", methods=["POST"])
def score():
    return jsonify(score=float(model.predict([request.json["x"]])[0]))


def create_app():
    app = Flask(__name__)
    app.register_blueprint(api)
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
    return app


if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5000")))
