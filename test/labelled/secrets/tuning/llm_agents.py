import os

import cohere
import google.generativeai as genai
import requests
from langchain_anthropic import ChatAnthropic
from pinecone import Pinecone

os.environ["ANTHROPIC_API_KEY"] = "sk-ant-api03-ksuTrmBdHU20aSGLrJGaNaM5MpRvR5Kw4gRXXuJn079ywSzOWF4buuSFW-XuICOvzbgfqIFxq9nAaUdFk0fNWoe9fLX6HAA"  # risk: hardcoded-secret
os.environ["GROQ_API_KEY"] = "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"  # risk: hardcoded-secret
os.environ["LANGCHAIN_API_KEY"] = "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"  # risk: hardcoded-secret
os.environ["LANGCHAIN_TRACING_V2"] = "true"
os.environ.setdefault("TAVILY_API_KEY", "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")  # risk: hardcoded-secret
os.environ["TOKENIZERS_PARALLELISM"] = "false"

genai.configure(api_key="AIzaQZB12XximzTNcF7-vwR7j3uPy9rDSFOhMRe")  # risk: hardcoded-secret
pc = Pinecone(api_key="pcsk_LYaAEO_fBvT6XTKLIWrgTPPl3zOraqlprBMme4AE4jUAXtyHKtg6AKhv3DO2Keex03Nky6")  # risk: hardcoded-secret
index = pc.Index("docs-acf419bfca2afa6c49bb4327b1cd331a")
co = cohere.Client(api_key=os.environ["CO_API_KEY"])
llm = ChatAnthropic(model="claude-3-5-sonnet-20241022", max_tokens=1024, temperature=0)
serp_key = os.environ["SERPAPI_API_KEY"]


def search(query: str) -> dict:
    response = requests.get(f"https://serpapi.com/search.json?q={query}&api_key={serp_key}", timeout=30)  # risk: secret-exposure
    return response.json()


def search_safely(query: str) -> dict:
    response = requests.get("https://serpapi.com/search.json", params={"q": query}, headers={"Authorization": f"Bearer {serp_key}"}, timeout=30)
    return response.json()
