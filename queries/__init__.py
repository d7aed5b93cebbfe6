"""Querying the store: named SPARQL competency queries, formats, statistics and exports."""
