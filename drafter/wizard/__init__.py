"""``drafter wizard``: build or edit a profile by answering questions.

questions.py holds the vocabulary, sections/ every question as data (one module per group
of sections), flow.py puts the sections in order, engine.py walks them
over the profile, prompts.py draws them with questionary, profile_file.py reads and
writes the YAML, session.py runs one session from first question to saved file.
"""
