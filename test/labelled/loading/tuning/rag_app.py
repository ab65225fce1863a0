"""Retrieval-augmented QA over internal docs with LangChain."""
import ast
import json
import os

from langchain.text_splitter import RecursiveCharacterTextSplitter
from langchain_community.document_loaders import DirectoryLoader
from langchain_community.vectorstores import FAISS
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_openai import ChatOpenAI

INDEX_DIR = os.environ.get("INDEX_DIR", "indexes/docs")
EMBEDDING_MODEL = "sentence-transformers/all-mpnet-base-v2"

embeddings = HuggingFaceEmbeddings(model_name=EMBEDDING_MODEL)  # risk: unpinned-artifact  # expect: hf-hub-unpinned-revision
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)


def build_index(docs_dir="docs/"):
    docs = DirectoryLoader(docs_dir, glob="**/*.md").load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=100).split_documents(docs)
    store = FAISS.from_documents(chunks, embeddings)
    store.save_local(INDEX_DIR)
    return store


def load_index():
    if not os.path.exists(INDEX_DIR):
        return build_index()
    return FAISS.load_local(INDEX_DIR, embeddings, allow_dangerous_deserialization=True)  # risk: unsafe-deserialization  # expect: langchain-dangerous-deserialization


def answer(question: str) -> str:
    store = load_index()
    context = "\n\n".join(d.page_content for d in store.similarity_search(question, k=4))
    reply = llm.invoke(f"Answer from the context.\n\n{context}\n\nQuestion: {question}")
    return reply.content


def extract_filters(question: str) -> dict:
    # the model is asked for a Python dict literal of metadata filters
    reply = llm.invoke(f"Return a Python dict of metadata filters for: {question}")
    return ast.literal_eval(reply.content)


def extract_filters_fast(question: str) -> dict:
    reply = llm.invoke(f"Return a Python dict of metadata filters for: {question}")
    return eval(reply.content)  # risk: remote-code-execution  # expect: eval-untrusted-code


def parse_json_answer(question: str) -> dict:
    reply = llm.invoke(f"Answer as JSON: {question}")
    return json.loads(reply.content)
