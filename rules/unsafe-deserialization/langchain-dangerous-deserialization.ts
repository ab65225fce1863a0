import { defineRule, truthiness } from '../../server/src/engine/api';

export default defineRule({
  id: 'langchain-dangerous-deserialization',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'allow_dangerous_deserialization=True lets LangChain unpickle the saved index, which can run arbitrary code from the file; load only indexes your own pipeline wrote.',
  fixable: true,
  docs: {
    what: 'Finds `allow_dangerous_deserialization=True` passed to LangChain loaders (`FAISS.load_local`, `Annoy.load_local`, `ScaNN.load_local`, `SKLearnVectorStore`, `DocArray...`, or any other call), including through a variable that is True.',
    why: 'The LangChain vector stores keep their docstore and index metadata as a pickle. LangChain refuses to load it unless you pass `allow_dangerous_deserialization=True`, because a crafted `index.pkl` runs code when loaded. An index downloaded from a shared drive, a bucket or the Hub, or a folder another user can write, is exactly that risk.',
    fix: 'Rebuild the index from the source documents with your own embedding model, or keep the vector store in a server (Chroma, Qdrant, pgvector) instead of pickled files. If you must load a saved folder, load only one your pipeline wrote, from a location only it can write, and verify a checksum of `index.pkl` first. The fix removes the flag; LangChain then refuses to load pickled data.',
    example: {
      bad: 'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local("faiss_index", embeddings, allow_dangerous_deserialization=True)',
      good: 'from langchain_community.vectorstores import FAISS\ndb = FAISS.from_documents(documents, embeddings)',
    },
    references: ['https://python.langchain.com/docs/security/', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  nodes: { types: ['keyword_argument'], keywords: ['allow_dangerous_deserialization'] },
  onNode(node, context) {
    if (node.childForFieldName('name')?.text !== 'allow_dangerous_deserialization') return;
    const value = node.childForFieldName('value');
    const call = node.parent?.parent;
    if (!value || call?.type !== 'call') return;
    const truth = truthiness(context.valueOf(value));
    if (truth === 'false') return;
    const site = context.callSite(call);
    const what = site.method === 'load_local' ? `${site.receiver?.text ?? ''}.load_local`.replace(/^\./, '') : site.method || 'this loader';
    if (truth === 'unknown') {
      context.report({
        node,
        severity: 'warning',
        message: `${what} gets allow_dangerous_deserialization from a variable; when it is True, a crafted index.pkl runs arbitrary code on load. Load only indexes your pipeline wrote.`,
      });
      return;
    }
    context.report({
      node,
      message: `allow_dangerous_deserialization=True makes ${what} unpickle the saved index, so a crafted or replaced file runs arbitrary code on load; rebuild the index from documents or load only folders your own pipeline wrote.`,
      fixes: [{ title: 'Remove allow_dangerous_deserialization=True', safe: false, edits: context.edits.removeArgument(site, node) }],
    });
  },
});
