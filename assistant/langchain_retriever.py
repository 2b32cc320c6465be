"""``NewsRetriever`` as a LangChain ``BaseRetriever``, for composing Newsdesk's retrieval into other chains.

Kept out of ``assistant.retriever``: importing ``langchain_core.retrievers`` costs ~1.2 s (it loads LangSmith's
tracers), which ``newsdesk ask`` and the app never need. The Documents are the same passages, in the same
order: ``page_content`` is the passage text, ``metadata`` its other fields, ``id`` its chunk id.
"""
from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.passage import Filters
from assistant.retriever import NewsRetriever


class NewsLangChainRetriever(BaseRetriever):
    """The same retrieval as a LangChain ``BaseRetriever`` (passages as Documents)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    news: NewsRetriever
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=p.text, metadata={k: v for k, v in p.__dict__.items() if k != "text"},
                         id=p.chunk_id) for p in self.news.retrieve(query, self.filters)]
