"""Building the graph: read seeds -> resolve entities -> populate RDF with provenance -> validate -> store."""
