"""The OWL ontology (owlready2), its SHACL shapes and SKOS topic scheme, and the HermiT reasoner."""
