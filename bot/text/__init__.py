"""How text is read and written in each language: the question's language, numbers as members type them, numbers
and money as each language writes them, [n] citation marks, and the message catalogue."""
