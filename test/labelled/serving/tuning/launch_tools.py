"""Start the experiment tools on the training box."""
import os
import subprocess

LOGDIR = os.environ.get("LOGDIR", "runs")


def start_jupyter():
    return subprocess.Popen(["jupyter", "lab", "--no-browser", "--port", "8888"])


def start_jupyter_public():
    cmd = "jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser --allow-root --NotebookApp.token='' --NotebookApp.password=''"
    return subprocess.Popen(cmd, shell=True)  # risk: insecure-server-config


def start_tensorboard():
    return subprocess.Popen(["tensorboard", "--logdir", LOGDIR, "--port", "6006"])


def start_tensorboard_shared():
    os.system(f"tensorboard --logdir {LOGDIR} --bind_all --port 6006 &")  # risk: insecure-server-config


def start_mlflow():
    return subprocess.Popen(["mlflow", "server", "--backend-store-uri", "sqlite:///mlflow.db", "--host", "0.0.0.0", "--port", "5000"])  # risk: insecure-server-config


def start_mlflow_auth():
    return subprocess.Popen(["mlflow", "server", "--host", "0.0.0.0", "--app-name", "basic-auth"])


def start_mlflow_local():
    subprocess.run(["mlflow", "ui", "--host", "127.0.0.1"], check=True)
