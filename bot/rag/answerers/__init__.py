"""The answerers: the extractive one (the documents' own sentences) and the LLM one (a model, its output checked)."""
