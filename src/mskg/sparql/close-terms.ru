# The term closure of a loaded graph (as `mskg build` writes it, see mskg.graph.closure.term_closure): each imported
# term's rdfs:subClassOf link to every indirect ancestor in the imports graph, into the inferred graph, where no
# graph states it yet.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>

INSERT { GRAPH ?inferred { ?term rdfs:subClassOf ?ancestor } }
WHERE {
  GRAPH ?imports { ?term rdfs:subClassOf/rdfs:subClassOf+ ?ancestor . FILTER(isIRI(?ancestor) && ?ancestor != ?term && ?ancestor != owl:Thing) }
  FILTER NOT EXISTS { GRAPH ?anywhere { ?term rdfs:subClassOf ?ancestor } }
}
