"""Never opened in the editor: only Scan Workspace reports it."""
import joblib

model = joblib.load("artifacts/model.joblib")
