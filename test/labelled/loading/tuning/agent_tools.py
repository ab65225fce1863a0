"""Tools for an LLM agent that analyses tabular data."""
import ctypes
import io
import subprocess
import sys
from contextlib import redirect_stdout

import pandas as pd
from huggingface_hub import hf_hub_download
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer

client = OpenAI()
CODER = "Qwen/Qwen2.5-Coder-1.5B-Instruct"
CODER_REVISION = "2e1fd397ee46e1388853d2af2c993145b0f1098a"

tokenizer = AutoTokenizer.from_pretrained(CODER, revision=CODER_REVISION)
coder = AutoModelForCausalLM.from_pretrained(CODER, revision=CODER_REVISION, torch_dtype="auto")


def ask(prompt: str) -> str:
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
    return completion.choices[0].message.content


def run_analysis(df: pd.DataFrame, question: str) -> str:
    code = ask(f"Write pandas code using `df` that answers: {question}. Print the result.")
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        exec(code, {"df": df, "pd": pd})  # risk: remote-code-execution  # expect: eval-untrusted-code
    return buffer.getvalue()


def local_generate(prompt: str) -> str:
    inputs = tokenizer(prompt, return_tensors="pt")
    output = coder.generate(**inputs, max_new_tokens=256)
    return tokenizer.decode(output[0], skip_special_tokens=True)


def run_local(question: str):
    snippet = local_generate(f"# Python one-liner for: {question}\n")
    return eval(snippet.strip())  # risk: remote-code-execution  # expect: eval-untrusted-code


def compute(expression: str) -> float:
    # the agent's calculator tool: the expression comes from the model
    return eval(expression, {"__builtins__": {}}, {})  # risk: remote-code-execution  # expect: eval-untrusted-code


def load_fast_tokenizer_ops():
    lib = hf_hub_download("acme-ml/fast-ops", "libtok.so", revision="9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d")
    return ctypes.CDLL(lib)  # risk: remote-code-execution  # expect: native-library-untrusted-path


def load_system_math():
    return ctypes.CDLL("libm.so.6")


def run_tests() -> int:
    return subprocess.run([sys.executable, "-m", "pytest", "-q"], check=False).returncode
