# The property closure of a loaded graph (as `mskg build` writes it, see mskg.graph.closure.property_closure): each
# property's rdfs:subPropertyOf link to every indirect superproperty of the ontology graph, into the inferred
# graph, where no graph states it yet.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH ?inferred { ?property rdfs:subPropertyOf ?super } }
WHERE {
  GRAPH ?ontology { ?property rdfs:subPropertyOf/rdfs:subPropertyOf+ ?super . FILTER(isIRI(?super) && ?super != ?property) }
  FILTER NOT EXISTS { GRAPH ?anywhere { ?property rdfs:subPropertyOf ?super } }
}
