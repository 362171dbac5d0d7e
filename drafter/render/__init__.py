"""Stage 3, the wording: facts to a typed context, Jinja to Markdown, then html, txt, docx, pdf."""
