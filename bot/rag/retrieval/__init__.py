"""Retrieval: the chunks that best match a question, by BM25 over stemmed words and the multilingual dense model."""
