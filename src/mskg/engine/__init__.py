"""The query engine: the embedded Oxigraph store, SPARQL servers, saved questions, result formats."""
