# Remove what pushes that died left behind: the staging graphs of one target graph made before a time.
# A staging graph is named <target>/staging-<UTC time>-<random>, so names sort by age; ?prefix is
# "<target>/staging-" and ?before the same prefix with the cut-off time. Bound by mskg.outputs.publish.
DELETE { GRAPH ?g { ?s ?p ?o } }
WHERE {
  GRAPH ?g { }
  FILTER (STRSTARTS(STR(?g), ?prefix) && STR(?g) < ?before)
  GRAPH ?g { ?s ?p ?o }
}
