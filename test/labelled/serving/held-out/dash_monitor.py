import dash
import pandas as pd
import plotly.express as px
from dash import dcc, html

drift = pd.read_parquet("reports/drift.parquet")
app = dash.Dash(__name__)
app.layout = html.Div([html.H1("Model drift"), dcc.Graph(figure=px.line(drift, x="day", y="psi"))])

if __name__ == "__main__":
    app.run_server(host="0.0.0.0", port=8050, debug=True)  # risk: insecure-server-config
