"""The full text of a paper: what the server sends, normalised once into blocks the reader lays
out, the CLI prints and the search indexes. No Textual here."""
