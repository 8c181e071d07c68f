"""The checks stage: the registry of every check, SHACL, the import slices and the mapping check."""
