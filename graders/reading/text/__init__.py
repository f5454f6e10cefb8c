"""The reader of answers typed as plain text, pasted Unicode or STACK's Maxima syntax."""
