"""cyberkg: a knowledge graph of international cyber diplomacy, with provenance for every fact."""

__version__ = "0.1.0"
