"""What is made from a built store: the view, the KGX, GraphML and RDF exports, and the push to a server."""
