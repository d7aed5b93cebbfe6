"""The cyberkg OWL ontology, authored with owlready2: the one source of truth.

`build_ontology()` creates it in an owlready2 World; `cyberkg.ontology.generate` writes the
committed `cyberkg.ttl` from it (a test checks the file is up to date).

Classes and properties are declared as tables so the whole vocabulary can be read at a glance
(and rendered into docs/ontology.md). Datatype ranges that HermiT does not support (xsd:date,
xsd:gYear, xsd:duration) are deliberately left out of the OWL and enforced by the SHACL shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import owlready2 as owl

from cyberkg.namespaces import DCTERMS, FOAF, ONTOLOGY_IRI, ORG, PROV, SCHEMA, SKOS, TIME, WD, WDT


@dataclass(frozen=True)
class ClassSpec:
    name: str
    parents: tuple[str, ...]
    comment: str
    aligned: tuple[str, ...] = ()  # external superclasses (IRIs) — rdfs:subClassOf
    equivalent: tuple[str, ...] = ()  # external classes we are sure are the same — owl:equivalentClass


@dataclass(frozen=True)
class PropSpec:
    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    comment: str
    kind: str = "object"  # object | data
    inverse: str | None = None
    characteristics: tuple[str, ...] = ()  # functional | symmetric | transitive
    aligned: tuple[str, ...] = ()  # external superproperties — rdfs:subPropertyOf
    parents: tuple[str, ...] = field(default=())


_ext = {
    "prov:Agent": str(PROV.Agent),
    "prov:Entity": str(PROV.Entity),
    "prov:Activity": str(PROV.Activity),
    "foaf:Agent": str(FOAF.Agent),
    "foaf:Person": str(FOAF.Person),
    "foaf:Group": str(FOAF.Group),
    "foaf:Document": str(FOAF.Document),
    "org:Organization": str(ORG.Organization),
    "org:FormalOrganization": str(ORG.FormalOrganization),
    "org:Post": str(ORG.Post),
    "org:Membership": str(ORG.Membership),
    "schema:Person": str(SCHEMA.Person),
    "schema:Organization": str(SCHEMA.Organization),
    "schema:Country": str(SCHEMA.Country),
    "schema:Event": str(SCHEMA.Event),
    "schema:NewsArticle": str(SCHEMA.NewsArticle),
    "schema:NewsMediaOrganization": str(SCHEMA.NewsMediaOrganization),
    "schema:Legislation": str(SCHEMA.Legislation),
    "schema:Quotation": str(SCHEMA.Quotation),
    "schema:Claim": str(SCHEMA.Claim),
    "schema:WebSite": str(SCHEMA.WebSite),
    "schema:CreativeWork": str(SCHEMA.CreativeWork),
    "schema:Dataset": str(SCHEMA.Dataset),
    "time:TemporalEntity": str(TIME.TemporalEntity),
    "skos:Concept": str(SKOS.Concept),
}
# Wikidata items whose identifiers are well established (human, sovereign state, organization,
# political party, news agency, embassy, government agency, law, company, treaty, meeting).
_wd = {
    k: str(WD[v])
    for k, v in {
        "human": "Q5",
        "sovereign_state": "Q3624078",
        "organization": "Q43229",
        "political_party": "Q7278",
        "news_agency": "Q192283",
        "embassy": "Q3917681",
        "government_agency": "Q327333",
        "law": "Q7748",
        "company": "Q783794",
        "treaty": "Q131569",
        "meeting": "Q2761147",
    }.items()
}

CLASSES: tuple[ClassSpec, ...] = (
    ClassSpec(
        "Agent",
        (),
        "Something that acts: a state, a person, an organisation or a collective.",
        (_ext["prov:Agent"], _ext["foaf:Agent"]),
    ),
    ClassSpec("State", ("Agent",), "A sovereign state.", (_ext["schema:Country"],), (_wd["sovereign_state"],)),
    ClassSpec(
        "Person",
        ("Agent",),
        "A human being, possibly unnamed in the sources.",
        (_ext["foaf:Person"], _ext["schema:Person"]),
        (_wd["human"],),
    ),
    ClassSpec(
        "Organisation",
        ("Agent",),
        "An organisation.",
        (_ext["org:Organization"], _ext["schema:Organization"]),
        (_wd["organization"],),
    ),
    ClassSpec("Government", ("Organisation",), "The government of a state, acting for it (cko:governmentOf)."),
    ClassSpec(
        "GovernmentAgency", ("Organisation",), "A government agency or research body of a state.", (), (_wd["government_agency"],)
    ),
    ClassSpec("PoliticalParty", ("Organisation",), "A political party.", (), (_wd["political_party"],)),
    ClassSpec("Embassy", ("Organisation",), "A diplomatic mission of one state in another.", (), (_wd["embassy"],)),
    ClassSpec("NewsOrganisation", ("Organisation",), "A news agency or news outlet.", (_ext["schema:NewsMediaOrganization"],)),
    ClassSpec("NewsAgency", ("NewsOrganisation",), "A news agency.", (), (_wd["news_agency"],)),
    ClassSpec("NewsOutlet", ("NewsOrganisation",), "A newspaper, magazine or news website."),
    ClassSpec("Company", ("Organisation",), "A company.", (), (_wd["company"],)),
    ClassSpec("IndustryLobby", ("Organisation",), "An industry association or lobby."),
    ClassSpec(
        "Collective",
        ("Agent",),
        "An unorganised group of agents named together in a source "
        "(e.g. 'US cyber security executives and government advisers').",
        (_ext["foaf:Group"],),
    ),
    ClassSpec(
        "ThreatActor",
        ("Collective",),
        "A group that carries out cyber attacks: an APT group, a named "
        "intrusion set. Its ATT&CK group id (cko:attackId) names a STIX 2.1 intrusion-set, which ATT&CK "
        "defines its groups as; STIX publishes no RDF class to align with, and no Wikidata class for threat "
        "actors could be verified offline, so neither is asserted.",
    ),
    ClassSpec("Sector", ("Collective",), "An economic sector treated as one actor (e.g. a private sector)."),
    ClassSpec("Post", (), "A post or role, e.g. Prime Minister of Canada.", (_ext["org:Post"],)),
    ClassSpec(
        "PostTenure", (), "A person holding a post during a time the sources attest (cko:date).", (_ext["org:Membership"],)
    ),
    ClassSpec("Agreement", (), "An agreement or understanding between parties.", (_ext["prov:Entity"],)),
    ClassSpec("FormalAgreement", ("Agreement",), "A signed or formally adopted agreement."),
    ClassSpec("InformalUnderstanding", ("Agreement",), "An informal understanding, not a signed text."),
    ClassSpec("BilateralAgreement", ("Agreement",), "An agreement between exactly two parties."),
    ClassSpec("MultilateralAgreement", ("Agreement",), "An agreement between more than two parties."),
    ClassSpec("CooperationFramework", ("Agreement",), "A framework under which parties pursue common goals."),
    ClassSpec("ProposedAgreement", ("Agreement",), "An agreement or treaty under discussion or planned."),
    ClassSpec(
        "Event",
        (),
        "Something that happens at a time.",
        (_ext["schema:Event"], _ext["prov:Activity"], _ext["time:TemporalEntity"]),
    ),
    ClassSpec("Talks", ("Event",), "Talks, meetings, dialogues.", (), (_wd["meeting"],)),
    ClassSpec("PhoneCall", ("Event",), "A telephone call."),
    ClassSpec("Signing", ("Event",), "The signing or conclusion of an agreement."),
    ClassSpec("Negotiation", ("Event",), "A (planned) negotiation or discussion."),
    ClassSpec("PolicyDeliberation", ("Event",), "A government weighing a measure (e.g. sanctions)."),
    ClassSpec("LawTakingEffect", ("Event",), "A law or policy coming into effect."),
    ClassSpec("Trend", ("Event",), "A change observed over time (e.g. a drop in breaches)."),
    ClassSpec("Statement", ("Event",), "A communicative act: an official statement, press release or remark."),
    ClassSpec("OfficialStatement", ("Statement",), "A statement issued by a government or official body."),
    ClassSpec("PressRelease", ("Statement",), "A press release."),
    ClassSpec("Remark", ("Statement",), "Words said by a person, e.g. to a newspaper."),
    ClassSpec("Incident", ("Event",), "A cyber incident."),
    ClassSpec("CyberIntrusion", ("Incident",), "An intrusion into a network or system."),
    ClassSpec("EspionageCampaign", ("Incident",), "A campaign of cyber attacks or espionage over time."),
    ClassSpec(
        "Claim",
        (),
        "A proposition put forward by a claimant, e.g. an attribution or a denial.",
        (_ext["schema:Claim"], _ext["prov:Entity"]),
    ),
    ClassSpec("AttributionClaim", ("Claim",), "A claim that an incident was carried out or sponsored by an agent."),
    ClassSpec("Denial", ("Claim",), "A claim rejecting another claim."),
    ClassSpec("Criticism", ("Claim",), "A critical assessment, e.g. of a law."),
    ClassSpec("Assessment", ("Claim",), "Any other judgement or observation put forward by a claimant."),
    ClassSpec(
        "TargetingClaim",
        ("Claim",),
        "A claim that an incident or campaign targeted an agent "
        "(cko:allegedVictim) or a victim only described in words (cko:victimText).",
    ),
    ClassSpec("Quotation", (), "Verbatim words attributed to a speaker.", (_ext["schema:Quotation"], _ext["prov:Entity"])),
    ClassSpec("Law", (), "A law or policy.", (_ext["schema:Legislation"],), (_wd["law"],)),
    ClassSpec("Asset", (), "Something an incident affected or an agreement protects (data, networks, secrets)."),
    ClassSpec("Website", (), "A website on which statements are published.", (_ext["schema:WebSite"],)),
    ClassSpec(
        "SourceDocument",
        (),
        "A source document of the corpus: news article, statement, press release.",
        (_ext["foaf:Document"], _ext["prov:Entity"], _ext["schema:CreativeWork"]),
    ),
    ClassSpec("NewsArticle", ("SourceDocument",), "A news article.", (_ext["schema:NewsArticle"],)),
    ClassSpec(
        "Dataset",
        ("SourceDocument",),
        "A reference dataset imported as one source (e.g. the MISP galaxy "
        "of threat actors): its facts cite records of it (cko:recordPointer) instead of quoted text.",
        (_ext["schema:Dataset"],),
    ),
    ClassSpec("Evidence", (), "The support for one fact in one document: a verbatim quote with offsets.", (_ext["prov:Entity"],)),
    ClassSpec("RelativeTiming", (), "One event's time given relative to another ('four days after X')."),
    ClassSpec(
        "Mapping",
        (),
        "How a link to an external dataset was made (after SSSOM): rdf:subject/predicate/object "
        "name the link triple; method, justification, confidence and whether it was verified.",
    ),
)

# Pairwise disjoint top-level kinds: a person is not a state, a document is not an event, ...
DISJOINT_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "Agent",
        "Post",
        "PostTenure",
        "Agreement",
        "Event",
        "Claim",
        "Quotation",
        "Law",
        "Asset",
        "Website",
        "SourceDocument",
        "Evidence",
        "RelativeTiming",
    ),
    ("State", "Person", "Organisation", "Collective"),
    ("FormalAgreement", "InformalUnderstanding"),
    ("BilateralAgreement", "MultilateralAgreement"),
)

AGENT = ("Agent",)
TOPIC = (_ext["skos:Concept"],)
ANY: tuple[str, ...] = ()

PROPERTIES: tuple[PropSpec, ...] = (
    # states, governments, organisations, people
    PropSpec("governmentOf", ("Government",), ("State",), "The state a government acts for.", inverse="hasGovernment"),
    PropSpec("actsFor", ("Organisation",), ("State",), "The state an organisation acts for or belongs to."),
    PropSpec("basedIn", ("Agent",), ("State",), "The state an agent is based in or comes from."),
    PropSpec("locatedIn", ("Embassy",), ("State",), "The host state of an embassy."),
    PropSpec("memberOf", ("Person",), ("Organisation",), "Membership or affiliation.", aligned=(str(ORG.memberOf),)),
    PropSpec(
        "holdsPost",
        ("Person",),
        ("Post",),
        "A post the person holds (as attested by the sources).",
        inverse="heldBy",
        aligned=(str(ORG.holds), str(WDT.P39)),
    ),
    PropSpec(
        "postIn",
        ("Post",),
        ("Organisation", "State"),
        "The organisation or state the post belongs to.",
        aligned=(str(ORG.postIn),),
    ),
    PropSpec("holder", ("PostTenure",), ("Person",), "Who held the post.", aligned=(str(ORG.member),)),
    PropSpec("tenurePost", ("PostTenure",), ("Post",), "The post held."),
    PropSpec("represents", ("Person",), ("Agent",), "Whom a person represented (in talks or an agreement)."),
    # agreements
    PropSpec("hasParty", ("Agreement",), AGENT, "A party to the agreement.", inverse="partyTo"),
    PropSpec("hasRepresentative", ("Agreement",), ("Person",), "A person who represented a party.", inverse="representativeIn"),
    PropSpec("covers", ("Agreement",), TOPIC, "A topic within the agreement's scope."),
    PropSpec("excludes", ("Agreement",), TOPIC, "A topic the agreement explicitly does not cover."),
    PropSpec("beneficiary", ("Agreement",), AGENT, "Who benefits from the agreement."),
    PropSpec("protects", ("Agreement",), ("Asset",), "What the agreement protects."),
    PropSpec("reachedDuring", ("Agreement",), ("Event",), "The talks during which it was reached."),
    PropSpec("announcedIn", ("Agreement",), ("Statement",), "A statement announcing or describing it."),
    PropSpec("firstReportedBy", ("Agreement",), ("NewsOrganisation",), "The outlet that first reported it."),
    PropSpec("similarTo", ("Agreement",), ("Agreement",), "Similar in content.", characteristics=("symmetric",)),
    PropSpec(
        "precededBy",
        ("Agreement",),
        ("Agreement",),
        "An earlier agreement it follows as a precedent.",
        inverse="precedes",
        characteristics=("transitive",),
    ),
    PropSpec("hasGoal", ("Agreement",), ANY, "A goal set under a framework (an agreement or negotiation)."),
    PropSpec("confirmedBy", ("Agreement",), AGENT, "A party that confirmed the agreement or framework."),
    # events and time
    PropSpec("participant", ("Event",), AGENT, "An agent taking part.", aligned=(str(PROV.wasAssociatedWith), str(WDT.P710))),
    PropSpec("subject", ("Event", "Claim", "Statement"), ANY, "What an event, statement or claim is about."),
    PropSpec("targets", ("Event",), AGENT, "Whom a measure or attack targets."),
    PropSpec("inResponseTo", ("Event",), ("Event",), "An event this one responds to."),
    PropSpec(
        "concernsLaw", ("LawTakingEffect", "Statement"), ("Law",), "The law that took effect, or the law a statement is about."
    ),
    PropSpec(
        "happenedAfter",
        ("Event", "Agreement"),
        ("Event", "Agreement"),
        "Temporal order.",
        inverse="happenedBefore",
        characteristics=("transitive",),
    ),
    PropSpec("timedEvent", ("RelativeTiming",), ("Event", "Agreement"), "The event whose time is given."),
    PropSpec("anchorEvent", ("RelativeTiming",), ("Event", "Agreement"), "The event it is relative to."),
    PropSpec("datePrecision", ANY, ("time:TemporalUnit",), "time:unitDay, time:unitMonth or time:unitYear."),
    # incidents and claims
    PropSpec("victim", ("Incident",), AGENT, "Who was attacked."),
    PropSpec("affectedAsset", ("Incident",), ("Asset",), "What the incident affected."),
    PropSpec("claimant", ("Claim",), AGENT, "Who puts the claim forward."),
    PropSpec("attributedTo", ("AttributionClaim",), AGENT, "The agent the claim blames."),
    PropSpec("denies", ("Denial",), ("Claim",), "The claim rejected."),
    PropSpec("allegedVictim", ("TargetingClaim",), AGENT, "An agent the claim says was targeted."),
    PropSpec(
        "aboutActor",
        ("Claim",),
        AGENT,
        "The threat actor whose operations the claim is about (so the actor's page lists the claims).",
    ),
    PropSpec(
        "relatedActor",
        ("Assessment",),
        AGENT,
        "The other actor an assessment relates its subject to (e.g. 'similar', with a cko:likelihood).",
    ),
    PropSpec("criticises", ("Criticism",), ANY, "What is criticised."),
    PropSpec("enactedBy", ("Law",), AGENT, "The state or body that enacted the law."),
    # statements
    PropSpec("speaker", ("Statement", "Quotation"), AGENT, "Who said it.", aligned=(str(PROV.wasAttributedTo),)),
    PropSpec("publishedIn", ("Statement",), ANY, "Where it appeared: an outlet or a website."),
    PropSpec("hasQuotation", ("Statement",), ("Quotation",), "Verbatim words of the statement.", inverse="quotationOf"),
    PropSpec("reportedIn", ANY, ("SourceDocument",), "A corpus document reporting it."),
    PropSpec("websiteOf", ("Website",), AGENT, "Whose website it is."),
    # documents and evidence
    PropSpec(
        "publisher", ("SourceDocument",), AGENT, "Publisher of the document.", aligned=(str(DCTERMS.publisher), str(WDT.P123))
    ),
    # links to external datasets
    PropSpec(
        "mappingJustification",
        ("Mapping",),
        ANY,
        "A SEMAPV term for how the link was made "
        "(semapv:ManualMappingCuration, semapv:LexicalMatching, semapv:CompositeMatching, "
        "semapv:MappingChaining for a dataset lookup: our state, its ISO code, the dataset's row).",
    ),
    PropSpec("mappingSource", ("Mapping",), ("SourceDocument",), "The dataset a link was looked up in."),
)

DATA_PROPERTIES: tuple[PropSpec, ...] = (
    PropSpec(
        "date",
        ANY,
        ANY,
        "When it happened (for a law: took effect; for a document: was published); "
        "xsd:date, xsd:gYearMonth or xsd:gYear by precision.",
        kind="data",
        aligned=(str(DCTERMS.date),),
    ),
    PropSpec("dateNotBefore", ANY, ANY, "Earliest day the date can denote (xsd:date); sorts timelines.", kind="data"),
    PropSpec("dateNotAfter", ANY, ANY, "Latest day the date can denote (xsd:date).", kind="data"),
    PropSpec("dateIsDerived", ANY, ANY, "True when the date is computed, not stated.", kind="data"),
    PropSpec("dateDerivation", ANY, ANY, "How a derived date was computed.", kind="data"),
    PropSpec("offset", ("RelativeTiming",), ANY, "xsd:duration from anchor to timed event.", kind="data"),
    PropSpec("quotedText", ("Quotation",), ANY, "The quoted words.", kind="data"),
    PropSpec("claimText", ("Claim",), ANY, "The claim in words.", kind="data"),
    PropSpec("description", ANY, ANY, "A short description drawn from the sources.", kind="data"),
    PropSpec("commitment", ("Agreement",), ANY, "The commitment the parties made, in words.", kind="data"),
    PropSpec("isUnnamed", ("Person",), ANY, "True for a person the sources do not name.", kind="data"),
    PropSpec("demonym", ("State",), ANY, "Adjective/demonym, e.g. 'Canadian'.", kind="data"),
    PropSpec("purpose", ("Law",), ANY, "What the law is designed to do.", kind="data"),
    PropSpec("quote", ("Evidence",), ANY, "The verbatim quote from the document.", kind="data"),
    PropSpec("charStart", ("Evidence",), ANY, "Offset of the quote's first character (Unicode code points).", kind="data"),
    PropSpec("charEnd", ("Evidence",), ANY, "Offset after the quote's last character.", kind="data"),
    PropSpec(
        "extractionRule",
        ("Evidence",),
        ANY,
        "Id of the extraction rule (graph/extract_rules.py) that proposed the fact from this quote; absent for curated facts.",
        kind="data",
    ),
    PropSpec(
        "language",
        ("SourceDocument",),
        ANY,
        "BCP 47 language tag of the document.",
        kind="data",
        aligned=(str(DCTERMS.language),),
    ),
    # a document's own metadata, from its page or its retrieval (graph/docmeta.py)
    PropSpec(
        "url",
        ("SourceDocument",),
        ANY,
        "The document's address: its canonical URL if it declares one.",
        kind="data",
        aligned=(str(SCHEMA.url),),
    ),
    PropSpec("retrievedFrom", ("SourceDocument",), ANY, "The URL the document was fetched from.", kind="data"),
    PropSpec("retrievedAt", ("SourceDocument",), ANY, "When it was fetched (xsd:dateTime, UTC).", kind="data"),
    PropSpec("contentHash", ("SourceDocument",), ANY, "sha256: of the bytes as fetched.", kind="data"),
    PropSpec(
        "mediaType", ("SourceDocument",), ANY, "The media type it was served as.", kind="data", aligned=(str(DCTERMS["format"]),)
    ),
    PropSpec(
        "publisherName",
        ("SourceDocument",),
        ANY,
        "The publisher or site as the document names itself (a name, not resolved to an entity).",
        kind="data",
    ),
    PropSpec(
        "byline",
        ("SourceDocument",),
        ANY,
        "The author as the document names them (a name, not resolved to an entity).",
        kind="data",
    ),
    PropSpec("pageCount", ("SourceDocument",), ANY, "Pages of a paginated document (PDF).", kind="data"),
    PropSpec("page", ("Evidence",), ANY, "The page (from 1) of a paginated document the quote is on.", kind="data"),
    PropSpec("iso3166Alpha2", ("State",), ANY, "ISO 3166-1 alpha-2 code (from pycountry).", kind="data"),
    PropSpec("iso3166Alpha3", ("State",), ANY, "ISO 3166-1 alpha-3 code (from pycountry).", kind="data"),
    PropSpec("iso3166Numeric", ("State",), ANY, "ISO 3166-1 numeric code (from pycountry).", kind="data"),
    PropSpec(
        "mappingMethod", ("Mapping",), ANY, "curated, exact label match, alias match, reconciled or dataset lookup.", kind="data"
    ),
    PropSpec("confidence", ("Mapping",), ANY, "How sure the link is, 0 to 1.", kind="data"),
    PropSpec("verified", ("Mapping",), ANY, "False for an identifier that could not be checked offline.", kind="data"),
    PropSpec("mappingNote", ("Mapping",), ANY, "Where the identifier was checked, or why not.", kind="data"),
    # threat actors and reference datasets
    PropSpec("attackId", ("ThreatActor",), ANY, "MITRE ATT&CK group id (G0006 …) of an intrusion set.", kind="data"),
    PropSpec("reference", ANY, ANY, "A URL the source cites for it (xsd:anyURI).", kind="data"),
    PropSpec(
        "attributionRole",
        ("AttributionClaim",),
        ANY,
        "What the claim attributes: 'suspected state sponsor' or 'country of origin'.",
        kind="data",
    ),
    PropSpec("attributionConfidence", ("Claim",), ANY, "The source's own confidence in the claim, 0 to 100.", kind="data"),
    PropSpec(
        "victimText",
        ("TargetingClaim",),
        ANY,
        "A victim the source describes in words, not an agent we resolve (a sector, a region, a company).",
        kind="data",
    ),
    PropSpec("relationType", ("Assessment",), ANY, "How the source relates two actors ('similar', …).", kind="data"),
    PropSpec(
        "likelihood",
        ("Claim",),
        ANY,
        "Estimative likelihood the source gives ('likely', 'very-likely', 'almost-certain').",
        kind="data",
    ),
    PropSpec("incidentType", ("Incident",), ANY, "The kind of operation as the source names it ('Espionage').", kind="data"),
    PropSpec("recordPointer", ANY, ANY, "Where in a dataset the fact is: a JSON Pointer or a CSV row.", kind="data"),
    PropSpec("datasetVersion", ("Dataset",), ANY, "The dataset's own version.", kind="data"),
    PropSpec("sourceCommit", ("Dataset",), ANY, "The repository commit the copy comes from.", kind="data"),
    PropSpec("sourceURL", ("Dataset",), ANY, "Where the dataset is published (xsd:anyURI).", kind="data"),
    PropSpec("licence", ("Dataset",), ANY, "SPDX identifier of the dataset's licence.", kind="data"),
    PropSpec("sha256", ("Dataset",), ANY, "SHA-256 of the imported file: the same digest is the same import.", kind="data"),
    PropSpec(
        "graphDigest",
        ("Dataset",),
        ANY,
        "SHA-256 of the dataset's graph as imported: the same digest is the same import.",
        kind="data",
    ),
    PropSpec("m49Code", ("State",), ANY, "UN M49 area code.", kind="data"),
    PropSpec("unNameShort", ("State",), ANY, "UNTERM short name.", kind="data"),
    PropSpec("unNameFormal", ("State",), ANY, "UNTERM formal name (in the six UN languages).", kind="data"),
)


def _external_class(onto: owl.Ontology, iri: str, base: type = owl.Thing) -> type:
    """A class (or, with `base`, a property) of another vocabulary, declared once in our ontology."""
    existing = onto.world[iri]
    if existing is not None:
        return existing
    sep = "#" if "#" in iri else "/"
    ns_iri, local = iri.rsplit(sep, 1)
    with onto.get_namespace(ns_iri + sep):
        return owl.types.new_class(local, (base,))


def build_ontology(world: owl.World | None = None) -> owl.Ontology:
    """Create the ontology in `world` (a fresh World by default) and return it."""
    world = world or owl.World()
    onto = world.get_ontology(ONTOLOGY_IRI)
    with onto:
        onto.metadata.label.append(owl.locstr("cyberkg ontology of international cyber diplomacy", "en"))
        onto.metadata.comment.append(
            owl.locstr(
                "States, officials, organisations, agreements, incidents, claims, statements and events, "
                "with provenance of every fact to a verbatim quote in a source document.",
                "en",
            )
        )
        for spec in CLASSES:
            parents = tuple(getattr(onto, p) for p in spec.parents) or (owl.Thing,)
            cls = owl.types.new_class(spec.name, parents)
            cls.comment.append(owl.locstr(spec.comment, "en"))
            cls.label.append(owl.locstr(_words(spec.name), "en"))
            cls.is_a.extend(_external_class(onto, iri) for iri in spec.aligned)
            cls.equivalent_to.extend(_external_class(onto, iri) for iri in spec.equivalent)
        for group in DISJOINT_GROUPS:
            owl.AllDisjoint([getattr(onto, n) for n in group])
        for prop in PROPERTIES:
            _declare_property(onto, prop, owl.ObjectProperty)
        for prop in PROPERTIES:
            if prop.inverse:
                inv = owl.types.new_class(prop.inverse, (owl.ObjectProperty,))
                inv.label.append(owl.locstr(_words(prop.inverse), "en"))
                inv.comment.append(owl.locstr(f"Inverse of {prop.name}.", "en"))
                inv.inverse_property = getattr(onto, prop.name)
        for prop in DATA_PROPERTIES:
            _declare_property(onto, prop, owl.DataProperty)
        # Materialised by the build (graph/infer.py), never asserted: the most specific of a node's classes,
        # so queries never recompute it (an annotation property: its values are classes, outside OWL DL).
        direct = owl.types.new_class("directType", (owl.AnnotationProperty,))
        direct.label.append(owl.locstr("direct type", "en"))
        direct.comment.append(
            owl.locstr(
                "A most specific class of the node among its cyberkg classes: inferred by the build into "
                "ckg:inferred, never asserted (like sesame:directType).",
                "en",
            )
        )
        onto.charStart.range = [int]
        onto.charEnd.range = [int]
        onto.dateIsDerived.range = [bool]
        onto.isUnnamed.range = [bool]
    return onto


def _declare_property(onto: owl.Ontology, spec: PropSpec, base: type) -> None:
    bases = [base]
    for ch in spec.characteristics:
        bases.append(
            {"functional": owl.FunctionalProperty, "symmetric": owl.SymmetricProperty, "transitive": owl.TransitiveProperty}[ch]
        )
    prop = owl.types.new_class(spec.name, tuple(bases))
    prop.label.append(owl.locstr(_words(spec.name), "en"))
    prop.comment.append(owl.locstr(spec.comment, "en"))
    if spec.domain:
        doms = [_class_ref(onto, d) for d in spec.domain]
        prop.domain = [doms[0] if len(doms) == 1 else owl.Or(doms)]
    if base is owl.ObjectProperty and spec.range:
        rngs = [_class_ref(onto, r) for r in spec.range]
        prop.range = [rngs[0] if len(rngs) == 1 else owl.Or(rngs)]
    for iri in spec.aligned:
        prop.is_a.append(_external_class(onto, iri, base))


def _class_ref(onto: owl.Ontology, name: str) -> type:
    if name.startswith("time:"):
        return _external_class(onto, str(TIME) + name[5:])
    if name.startswith("http"):
        return _external_class(onto, name)
    return getattr(onto, name)


def _words(camel: str) -> str:
    out: list[str] = []
    for ch in camel:
        if ch.isupper() and out:
            out.append(" ")
        out.append(ch.lower())
    return "".join(out)


def class_names() -> list[str]:
    return [c.name for c in CLASSES]


def property_names() -> list[str]:
    names = [p.name for p in PROPERTIES]
    names += [p.inverse for p in PROPERTIES if p.inverse]
    names += [p.name for p in DATA_PROPERTIES]
    return names
