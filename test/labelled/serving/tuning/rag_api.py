"""Retrieval-augmented QA over internal documents, for logged-in employees."""
import httpx
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer
from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
embeddings = OpenAIEmbeddings()
store = FAISS.load_local("index", embeddings, allow_dangerous_deserialization=False)
llm = ChatOpenAI(base_url="http://localhost:11434/v1", model="llama3", api_key="ollama")
identity = httpx.AsyncClient(base_url="https://sso.example.com", verify=False)  # risk: insecure-transport

app = FastAPI()


async def get_current_user(token: str = Depends(oauth2_scheme)):
    response = await identity.get("/userinfo", headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 200:
        raise HTTPException(status_code=401, detail="not authenticated")
    return response.json()


@app.post("/ask")
async def ask(question: str, user=Depends(get_current_user)):
    docs = store.similarity_search(question, k=4)
    context = "\n\n".join(d.page_content for d in docs)
    answer = await llm.ainvoke(f"Answer from the context.\n{context}\n\nQ: {question}")
    return {"answer": answer.content, "user": user["email"]}


@app.get("/status")
def status():
    return {"documents": store.index.ntotal}
