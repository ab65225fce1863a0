import os

from flask import Blueprint, Flask, jsonify, request
from flask_cors import CORS
from flask_jwt_extended import JWTManager, jwt_required

from .ml import Predictor

bp = Blueprint("predict", __name__)
predictor = Predictor.from_path(os.environ.get("MODEL_DIR", "models/latest"))


@bp.post("/predict")
@jwt_required()
def predict():
    payload = request.get_json()
    return jsonify(predictor.predict(payload["inputs"]))


@bp.get("/model-info")
def model_info():
    return jsonify(name=predictor.name, version=predictor.version)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
    JWTManager(app)
    CORS(app)
    app.register_blueprint(bp, url_prefix="/api")
    return app
