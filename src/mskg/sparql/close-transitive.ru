# One round of the transitive closure of a loaded graph (as `mskg build` writes it, see
# mskg.graph.closure.transitive_closure): for each owl:TransitiveProperty of the ontology graph, a link from each
# individual to what its link's target links to, into the inferred graph, where no graph states it yet. Run
# until it adds nothing (each round doubles the length of the chains closed).
PREFIX owl: <http://www.w3.org/2002/07/owl#>

INSERT { GRAPH ?inferred { ?start ?property ?end } }
WHERE {
  GRAPH ?ontology { ?property a owl:TransitiveProperty }
  GRAPH ?first { ?start ?property ?middle }
  GRAPH ?second { ?middle ?property ?end }
  FILTER(?first != ?ontology && ?second != ?ontology && ?start != ?end)
  FILTER NOT EXISTS { GRAPH ?anywhere { ?start ?property ?end } }
}
