"""An internal FastAPI service that lets analysts ask questions of data with an LLM."""
import ast
import textwrap

import sympy
from fastapi import Depends, FastAPI
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from pydantic import BaseModel

from .security import api_key

app = FastAPI(dependencies=[Depends(api_key)])
llm = ChatOpenAI(model="gpt-4o")
store = FAISS.load_local("/srv/index", OpenAIEmbeddings(), allow_dangerous_deserialization=True)  # risk: unsafe-deserialization  # expect: langchain-dangerous-deserialization


class Expression(BaseModel):
    expression: str


@app.post("/calc")
def calc(body: Expression):
    return {"value": eval(body.expression)}  # risk: remote-code-execution  # expect: eval-untrusted-code


@app.post("/simplify")
def simplify(body: Expression):
    return {"value": str(sympy.sympify(body.expression))}  # risk: remote-code-execution  # expect: eval-untrusted-code


@app.post("/literal")
def literal(body: Expression):
    return {"value": ast.literal_eval(body.expression)}


@app.post("/ask")
def ask(body: Expression):
    code = llm.invoke(f"Write Python that computes: {body.expression}").content
    scope = {}
    exec(textwrap.dedent(code), scope)  # risk: remote-code-execution  # expect: eval-untrusted-code
    return {"value": scope.get("result")}


@app.get("/search")
def search(q: str):
    return [d.page_content for d in store.similarity_search(q, k=3)]
