"""secureMl.ignore removes a rule's diagnostics."""
import requests

response = requests.post("https://example.com/predict", json={"x": 1}, verify=False)
