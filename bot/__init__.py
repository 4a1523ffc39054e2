"""careerbot: a career assistant for backend developers in Belgium (Discord and terminal)."""
