"""factdesk's local knowledge base: who held which position when, from Wikidata's own formats.

``store`` keeps the facts in SQLite, ``wikidata`` reads entity JSON and dumps,
``sparql`` pulls statements from a SPARQL service, ``verify`` checks a stated
role against the facts as of a date, ``starter`` ships a small KB for a fresh install.
"""
