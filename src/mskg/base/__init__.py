"""The base every stage stands on: errors, names and namespaces, paths, files, and the words of the curation."""
