"""The closed vocabularies mskg's Python code uses: a term missing from ``ontology/mskg.ttl`` raises.

A test checks that :class:`MSKG` and the ontology declare the same terms, in both directions.

>>> MSKG.targets
rdflib.term.URIRef('https://w3id.org/mskg/ontology#targets')
>>> MSKG.tagrets
Traceback (most recent call last):
...
AttributeError: term 'tagrets' not in namespace 'https://w3id.org/mskg/ontology#'
>>> MSKGID["therapy/cd19-car-t"]
rdflib.term.URIRef('https://w3id.org/mskg/id/therapy/cd19-car-t')
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["BIOLINK", "ENTITY_ID", "GRAPH", "MSKG", "MSKGID", "OA", "OBO", "PREFIXES", "mskg_term"]


class MSKG(DefinedNamespace):
    """The mskg ontology: classes, relations, claim structure and closed vocabularies."""

    _NS = Namespace("https://w3id.org/mskg/ontology#")
    _fail = True

    # Classes
    Therapy: URIRef
    CellTherapy: URIRef
    AHSCT: URIRef
    CARTCellTherapy: URIRef
    MSCTherapy: URIRef
    DiseaseModifyingTherapy: URIRef
    MolecularTarget: URIRef
    CellType: URIRef
    BLineageCell: URIRef
    AnatomicalCompartment: URIRef
    CNSCompartment: URIRef
    IntrathecalRoute: URIRef
    Mechanism: URIRef
    DiseaseForm: URIRef
    Outcome: URIRef
    AdministrationRoute: URIRef
    AdverseEvent: URIRef
    SafetyProfile: URIRef
    Pathology: URIRef
    UnmetNeed: URIRef
    ResearchNeed: URIRef
    Study: URIRef
    Source: URIRef
    Claim: URIRef
    EvidenceLevel: URIRef
    StudyDesign: URIRef
    Direction: URIRef
    Certainty: URIRef
    Effect: URIRef
    EvidenceLimitation: URIRef
    CurationAgent: URIRef
    EvidenceRole: URIRef
    TrialStatus: URIRef
    ConfidenceTerm: URIRef
    UnverifiedValue: URIRef
    # Mapping decisions that are not mappings
    NoMatch: URIRef
    UnverifiedMapping: URIRef
    noMatch: URIRef
    unverifiedMapping: URIRef
    inOntology: URIRef
    candidateTerm: URIRef
    # What makes a class a kind of entity (see mskg.curation.kinds)
    idPrefix: URIRef
    biolinkCategory: URIRef
    # Defined classes
    TherapyTargetingCompartmentalizedBCells: URIRef
    CNSPenetratingTherapy: URIRef
    TherapySupportedByRandomizedEvidence: URIRef
    IntrathecallyDeliveredTherapy: URIRef

    # Relations between entities
    targets: URIRef
    expressedOn: URIRef
    hasMechanism: URIRef
    actsIn: URIRef
    reaches: URIRef
    administeredVia: URIRef
    consideredFor: URIRef
    studiedIn: URIRef
    effectiveIn: URIRef
    recommendedFor: URIRef
    debatedFor: URIRef
    possibleRoleIn: URIRef
    hasOutcome: URIRef
    hasAdverseEvent: URIRef
    hasSafetyProfile: URIRef
    addresses: URIRef
    hasUnmetNeed: URIRef
    hasResearchNeed: URIRef
    callsFor: URIRef
    concerns: URIRef
    refractoryTo: URIRef
    measuresOutcome: URIRef
    subtypeOf: URIRef
    hasEvidenceFrom: URIRef

    # Claim structure
    population: URIRef
    outcome: URIRef
    route: URIRef
    comparator: URIRef
    comparatorRoute: URIRef
    setting: URIRef
    effect: URIRef
    direction: URIRef
    certainty: URIRef
    evidenceLevel: URIRef
    studyDesign: URIRef
    defaultEvidenceLevel: URIRef
    hasLimitation: URIRef
    quote: URIRef
    quotedText: URIRef
    conflictsWith: URIRef
    levelRank: URIRef
    pmid: URIRef
    doi: URIRef
    publicationYear: URIRef
    journal: URIRef
    sourceText: URIRef
    # Studies and grading
    evidenceRole: URIRef
    testedTherapy: URIRef
    studiedPopulation: URIRef
    trialStatus: URIRef
    confidenceTerm: URIRef
    termSource: URIRef
    termLevel: URIRef
    levelWeight: URIRef
    rating: URIRef
    sign: URIRef
    contribution: URIRef
    confidence: URIRef
    termNote: URIRef
    validatedBy: URIRef
    studyLevel: URIRef
    levelBasis: URIRef
    ratingBasis: URIRef
    poolsStudy: URIRef
    poolsDesign: URIRef
    citesStudy: URIRef
    passageRole: URIRef
    phase: URIRef
    sampleSize: URIRef
    populationDescription: URIRef
    interventionDescription: URIRef
    comparatorDescription: URIRef
    primaryOutcome: URIRef
    primaryResult: URIRef
    registryId: URIRef
    verified: URIRef
    pmcid: URIRef
    ownStatement: URIRef
    unverifiedValue: URIRef
    field: URIRef
    candidate: URIRef
    candidateAbout: URIRef

    # Directions
    Supports: URIRef
    Refutes: URIRef
    Mixed: URIRef
    Debated: URIRef
    # Certainties
    Established: URIRef
    Promising: URIRef
    Preliminary: URIRef
    Debatable: URIRef
    Inconsistent: URIRef
    # Effects
    Reduces: URIRef
    Increases: URIRef
    Improves: URIRef
    LimitedEffect: URIRef
    # Evidence levels
    EvidenceLevelA: URIRef
    EvidenceLevelB: URIRef
    EvidenceLevelC: URIRef
    EvidenceLevelD: URIRef
    EvidenceLevelE: URIRef
    # Study designs
    RandomizedControlledTrial: URIRef
    MetaAnalysis: URIRef
    ConsensusRecommendation: URIRef
    ControlledTrial: URIRef
    NonRandomizedTrial: URIRef
    ObservationalCohort: URIRef
    ClinicalStudy: URIRef
    CaseSeries: URIRef
    TrialProtocol: URIRef
    PreclinicalStudy: URIRef
    ReferenceDatabaseRecord: URIRef
    ExpertOpinion: URIRef
    # Evidence limitations
    HeterogeneousStudyDesigns: URIRef
    HeterogeneousPopulations: URIRef
    HeterogeneousOutcomeMeasures: URIRef
    FewPatients: URIRef
    NoControlledTrials: URIRef
    # Curation agents
    ManualCuration: URIRef
    TextMining: URIRef
    CuratorInference: URIRef
    # Evidence roles and trial statuses
    SupportingEvidence: URIRef
    RefutingEvidence: URIRef
    ContextEvidence: URIRef
    Completed: URIRef
    Ongoing: URIRef
    # Studies as clinicians read them
    CellProduct: URIRef
    Comparator: URIRef
    Drug: URIRef
    OutcomeMeasure: URIRef
    StudyArm: URIRef
    EffectEstimate: URIRef
    AdverseEventReport: URIRef
    EligibilityCriteria: URIRef
    ArmRole: URIRef
    RegimenKind: URIRef
    CellOrigin: URIRef
    Masking: URIRef
    Statistic: URIRef
    ComparisonVerdict: URIRef
    hasArm: URIRef
    armName: URIRef
    armRole: URIRef
    armTherapy: URIRef
    armSize: URIRef
    regimenDrug: URIRef
    armOption: URIRef
    regimenKind: URIRef
    doseDescription: URIRef
    numberOfDoses: URIRef
    armRoute: URIRef
    cellSource: URIRef
    cellOrigin: URIRef
    masking: URIRef
    analysedSize: URIRef
    followUp: URIRef
    primaryMeasure: URIRef
    hasEligibility: URIRef
    minAge: URIRef
    maxAge: URIRef
    minEDSS: URIRef
    maxEDSS: URIRef
    minDiseaseDuration: URIRef
    maxDiseaseDuration: URIRef
    activityCriterion: URIRef
    priorTherapyCriterion: URIRef
    reportsResult: URIRef
    measure: URIRef
    statistic: URIRef
    estimate: URIRef
    ciLower: URIRef
    ciUpper: URIRef
    ciLevel: URIRef
    pValue: URIRef
    denominator: URIRef
    forArm: URIRef
    versusArm: URIRef
    timePoint: URIRef
    isPrimary: URIRef
    favours: URIRef
    readIn: URIRef
    reportsAdverseEvent: URIRef
    adverseEvent: URIRef
    eventCount: URIRef
    eventPercent: URIRef
    grade: URIRef
    InterventionArm: URIRef
    ComparatorArm: URIRef
    ConditioningRegimen: URIRef
    MobilizationRegimen: URIRef
    LymphodepletionRegimen: URIRef
    Autologous: URIRef
    Allogeneic: URIRef
    OpenLabel: URIRef
    SingleBlind: URIRef
    RaterMasked: URIRef
    DoubleBlind: URIRef
    HazardRatio: URIRef
    RateRatio: URIRef
    OddsRatio: URIRef
    RiskRatio: URIRef
    MeanDifference: URIRef
    Proportion: URIRef
    Count: URIRef
    Median: URIRef
    Mean: URIRef
    MeanChange: URIRef
    PercentChange: URIRef
    FavoursIntervention: URIRef
    FavoursComparator: URIRef
    FavoursNeither: URIRef
    PassageRole: URIRef
    BackgroundPassage: URIRef
    MethodsPassage: URIRef
    ResultsPassage: URIRef
    ConclusionPassage: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms mskg uses for quotes."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef


#: Data individuals: ``mskgid:<kind>/<slug>``.
MSKGID = Namespace("https://w3id.org/mskg/id/")
#: An entity's (or study's) id in the curation, and the local name of its IRI in :data:`MSKGID`: kind/slug in lower
#: case with hyphens (``therapy/cd19-car-t``, ``study/mist``).
ENTITY_ID = r"^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
#: OBO Foundry PURLs.
OBO = Namespace("http://purl.obolibrary.org/obo/")
#: The Biolink Model, whose classes the ontology names as each kind's KGX category (``mskg:biolinkCategory``).
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")


def mskg_term(name: str) -> URIRef:
    """The ontology term with this local name, unchecked: for names the ontology itself gave (an entity type).

    :class:`MSKG` names the terms the code uses and refuses others; an entity's type is any kind of entity the
    ontology declares (:mod:`mskg.curation.kinds`), a new one included, so it is not listed here.
    """
    return MSKG._NS[name]


class GRAPH:
    """The named graphs of a built store: the schema, the curated data and (later) inferences."""

    ONTOLOGY = URIRef("https://w3id.org/mskg/graph/ontology")
    DATA = URIRef("https://w3id.org/mskg/graph/data")
    IMPORTS = URIRef("https://w3id.org/mskg/graph/imports")
    INFERRED = URIRef("https://w3id.org/mskg/graph/inferred")
    #: The single named graph `mskg push` writes on a server (ontology, imports and data together).
    PUBLISHED = URIRef("https://w3id.org/mskg/graph")


#: Prefixes bound in every graph mskg writes (and used to shorten IRIs in tables).
PREFIXES: dict[str, str] = {
    "mskg": str(MSKG._NS),
    "mskgid": str(MSKGID),
    "oa": str(OA._NS),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "obo": str(OBO),
    "biolink": str(BIOLINK),
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
}


def bind_prefixes(graph: Graph, prefixes: Iterable[tuple[str, str]] | None = None) -> Graph:
    """``graph`` with each prefix bound (mskg's :data:`PREFIXES` unless others are given); returns it."""
    for prefix, namespace in prefixes if prefixes is not None else PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def prefixed(iri: str) -> str | None:
    """The IRI as ``prefix:local`` with one of mskg's :data:`PREFIXES`, or None when none fits.

    >>> prefixed("https://w3id.org/mskg/ontology#Therapy"), prefixed("https://example.org/x")
    ('mskg:Therapy', None)
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None
