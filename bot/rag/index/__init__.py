"""The index: documents cut into passages, embedded, and kept in Chroma behind a pointer to the live build."""
