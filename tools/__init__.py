"""Site tooling: page expansion, output regeneration, MkDocs hooks and macros."""
