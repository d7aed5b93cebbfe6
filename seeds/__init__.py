"""The seed corpus: source articles verbatim with metadata (documents.yaml) and curated facts (entities/)."""
