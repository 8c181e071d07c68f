"""The graph made from the curation: the loader's RDF, the study records, the reasoner and its closure."""
