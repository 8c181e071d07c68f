# The class closure of a loaded graph (as `mskg build` writes it, see mskg.graph.closure): each individual's membership
# in every named superclass, by the ontology graph's subclass links, into the inferred graph. A graph loaded in
# bulk then answers `?x a mskg:Therapy` like a built one; memberships already stated anywhere are not repeated.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH ?inferred { ?individual a ?super } }
WHERE {
  GRAPH ?ontology { ?class rdfs:subClassOf+ ?super . FILTER(isIRI(?super)) }
  GRAPH ?data { ?individual a ?class } FILTER(?data != ?ontology)
  FILTER NOT EXISTS { GRAPH ?anywhere { ?individual a ?super } }
}
