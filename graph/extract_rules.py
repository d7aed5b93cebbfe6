"""The extraction rules, declared: each has an id, the cue it looks for, what it reads and the predicates
it writes. Every fact the extractor makes names its rule (`Relation.rule`); the candidates carry it
(`rule:` on the fact), the graph stores it on the fact's evidence node (`cko:extractionRule`), and
`cyberkg eval --by-rule` scores each rule. Discourse.relate refuses an unknown rule or a predicate the
rule does not declare, so this table stays the truth about what each rule may write.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    cue: str  # what in the text triggers it
    reads: str  # what it looks at to fill the roles
    writes: tuple[str, ...]  # the predicates it may write
    module: str  # where it is implemented


_R = Rule
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _R(
            "agreement.sign",
            "a signing/agreeing verb with an agreement noun (agreement, pact, deal, accord, understanding, "
            "treaty, memorandum, pledge) and two or more states",
            "the states of the sentence, not inside a collective, nor a capital naming an initiative ('the Paris Call')",
            ("hasParty",),
            "extract_agreements",
        ),
        _R(
            "agreement.parse",
            "an agreement noun (agreement, pact, deal, accord, treaty, pledge, framework, "
            "understanding) or 'agreed that …' read by the parse",
            "'between A and B', 'with X' (also 'a deal reached with X', the clause's subject the other party), 'the "
            "pact commits A and B', the bodies that sign beside the states ('A's agency X and B's agency Y signed a "
            "memorandum'; not a dateline or a signer's title), the state in the title of a leader who makes a deal "
            "with one state ('Ruiz withdrew from the deal with Peru' after 'Chilean President Ana Ruiz'), "
            "state/organisation "
            "modifiers ('EU-U.S. pact'), the subject of the signing or agreeing verb; negated ones and 'agreed with "
            "the U.S. assessment that …' (a shared view) skipped",
            ("hasParty",),
            "extract_parse",
        ),
        _R(
            "agreement.refer",
            "the same states again, or 'the pact', 'this deal', 'both sides' after an agreement",
            "the discourse's last agreement",
            ("hasParty",),
            "extract_agreements",
        ),
        _R(
            "agreement.similar",
            "'a similar understanding' for another agreement",
            "the earlier agreement and both years",
            ("similarTo", "precededBy"),
            "extract_agreements",
        ),
        _R(
            "agreement.representative",
            "'represented by', 'the delegation was led by' in an agreement sentence",
            "the people of the sentence",
            ("hasRepresentative",),
            "extract_agreements",
        ),
        _R(
            "representation",
            "'X was represented by', 'the X delegation was led by'",
            "the state before the cue, the person after it",
            ("represents", "participant"),
            "extract_agreements",
        ),
        _R(
            "agreement.proposed",
            "'finalizing an agreement on', 'their future cooperation framework'",
            "the states of the sentence; the topics named",
            ("hasParty", "covers"),
            "extract_policy",
        ),
        _R(
            "agreement.scope",
            "a topic of the SKOS scheme named in a sentence about an agreement, or in the next sentence when its "
            "subject is 'it' ('It focuses on exchange of information; training')",
            "the topic's clause: 'does not cover' excludes",
            ("covers", "excludes"),
            "extract_policy",
        ),
        _R(
            "event.between",
            "talks/meeting/call/summit/negotiations/dialogue … between A and B",
            "the actors after the cue",
            ("participant",),
            "extract_agreements",
        ),
        _R(
            "event.held",
            "'A and B held their second dialogue'",
            "the states before the cue",
            ("participant",),
            "extract_agreements",
        ),
        _R(
            "event.joined",
            "'involved in / took part in / attended the talks'",
            "the person before the cue",
            ("participant",),
            "extract_agreements",
        ),
        _R(
            "event.parse",
            "a meeting/talks/call/visit/conversation/hearing/probe noun or verb (met, talked, called, visited, "
            "hosted / received / welcomed a named guest, launched a probe) read by the dependency parse",
            "the verb's subject and object, 'with X', 'between A and B'; 'X said that he had a conversation with Y': "
            "the reporting verb's subject for 'he'; 'ministers from A, B and C' each state; 'a delegation led by X': X; "
            "'X will host the next round of talks'; 'received a phone call from Y'; 'will travel to L to meet Y'; "
            "'A and B, who met in Geneva'; 'the summit brought together / the talks involved officials from A and B'; "
            "never a state in the dateline ('Brussels [Belgium], October 5 :')",
            ("participant",),
            "extract_parse",
        ),
        _R(
            "event.target",
            "a measure noun or verb (crackdown, raid, sanctions) read by the parse",
            "its object and 'on/against/into X'",
            ("targets",),
            "extract_events",
        ),
        _R(
            "event.measure",
            "a measure noun under the verb taking it (imposed sanctions / penalties on, threatened "
            "sanctions against, an operation against, an arrest warrant for, a reward for the arrest of) or a measure "
            "verb (sanctioned, expelled Y's diplomats, cut ties with); 'the new sanctions target X' after earlier measures",
            "the taking verb's subject (a pronoun: the reporting verb's), a possessive; 'on/against/with', the object "
            "and a participle after it ('…, targeting A and B') as targets: described people as a group ('four GRU "
            "agents'), a group by its name ('the crime group X')",
            ("participant", "targets"),
            "extract_measures",
        ),
        _R(
            "event.call",
            "'X spoke / talked to Y on the phone (by telephone)', 'X phoned Y', 'X called Y' (not 'called it "
            "…', 'called on / for')",
            "the verb's subject and its 'to/with' object or direct object",
            ("participant",),
            "extract_measures",
        ),
        _R(
            "event.agreement",
            "talks or negotiations named in the sentence of an agreement ('agreed after two years "
            "of talks') with no participant of their own; not consultations the agreement provides for ('it "
            "envisages regular consultations')",
            "the agreement's parties",
            ("participant",),
            "extract_events",
        ),
        _R(
            "agreement.joint",
            "'A and B agreed/pledged/announced … cooperation', 'A and B pledged to refrain from attacking each "
            "other's …'; 'X … pact with Y'; 'X, which negotiated the framework'; "
            "'a bilateral deal'",
            "the coordinated subject; the clause's subject; the "
            "relative pronoun's antecedent; the two states of the sentence or the headline",
            ("hasParty",),
            "extract_events",
        ),
        _R(
            "statement.event",
            "an event word (talks, meeting, discussions, probe …) in the sentence of a statement that has no event subject",
            "the latest event named up to that sentence; not the scene it was said at ('said at / told a news conference')",
            ("subject",),
            "extract_events",
        ),
        _R(
            "statement.incident",
            "an attack word (hack, breach, attack, sabotage, stolen …) outside quotes in the sentence of a statement "
            "about nothing yet",
            "the latest incident named up to that sentence (the first one when none is named before)",
            ("subject",),
            "extract_patients",
        ),
        _R(
            "law.enact",
            "'X passed/adopted/approved legislation (a bill, a law)'; a state's strategy document ('its "
            "five-year development plan', 'X's cyber security strategy')",
            "the verb's subject and its state; the possessive state, or the clause's subject for 'its'",
            ("enactedBy",),
            "extract_laws",
        ),
        _R(
            "statement.law",
            "a statement whose subject is a law, or made in the sentence that names a law",
            "the law",
            ("concernsLaw",),
            "extract_laws",
        ),
        _R(
            "event.legislature",
            "a verb with 'in/to/before' a legislature (parliament, congress, senate, committee …)",
            "the verb's subject and the legislature",
            ("participant",),
            "extract_laws",
        ),
        _R(
            "event.frame",
            "a frame verb: summon, investigate/probe (review/examine an incident), declare an emergency, offer a "
            "reward, tell/address/brief a legislature, send a mission/delegation to",
            "the subject or agent (a pronoun resolved to the reporter or the person last named; a controller's "
            "object), the object and 'to'/'along with' objects where the frame says; a reward's 'for' phrase",
            ("participant", "targets"),
            "extract_frames",
        ),
        _R(
            "agreement.leaders",
            "a person as (coordinated) subject of agree/sign/commit/pledge/negotiate… in a sentence with an agreement, "
            "or the one a deal is signed with ('X signed the deal with his Latvian counterpart Y')",
            "'on behalf of X', else the state the person's title names ('Russian President X', 'his Latvian "
            "counterpart'), if it is a party "
            "of the agreement; a signer of an agreement noun whose title names no state only signs it, or represents "
            "the other party of two when the co-signer's title names one ('X and her Peruvian counterpart Y')",
            ("hasRepresentative", "represents"),
            "extract_agreements",
        ),
        _R(
            "statement.agreement",
            "an agreement word or a learned agreement name ('the new Privacy Shield framework' "
            "-> 'Privacy Shield') in what a statement reports, when it has no agreement subject",
            "the agreement named, else the latest one",
            ("subject",),
            "extract_events",
        ),
        _R(
            "incident.attack",
            "an attack cue (hacked, breach, intrusion, cyberattack, stole …) not under a pledge, negation or scope clause",
            "a victim right after it or a perpetrator right before it",
            ("victim",),
            "extract_relations",
        ),
        _R(
            "incident.suffered",
            "'X suffered attacks', 'X was the victim of hacks', 'fell victim to', 'a target of hackers', 'X came under "
            "(cyber) attack'",
            "the subject of the verb, and the examples after 'like'/'including'; 'the country's institutions' as the state "
            "the sentence named before",
            ("victim",),
            "extract_victims",
        ),
        _R(
            "incident.owner",
            "an attack on / hacking of something the subject calls 'its' ('X will investigate a "
            "cyberattack on its grid', 'X said its servers were hacked')",
            "the subject of the nearest clause above that is not the attack's own nor a doer's ('launched')",
            ("victim",),
            "extract_victims",
        ),
        _R(
            "incident.frame",
            "an attack noun whose verb holds the patient ('attacks were carried out against', 'aimed at', 'the "
            "attacks targeted X'), an attempt ('an attempt to hack into X'), a participle going on with an attack "
            "('…, hitting X'), stolen or leaked data ('stole the records of Xs including Y', 'steal funds from X'); "
            "'victims (of the malware) included A and B'; 'the attack on countries including A and B'",
            "the patient's name, owner ('the headquarters of X', 'X's system'), examples ('including'), a state "
            "its demonym qualifies a thing or people by, or a qualified description as a collective",
            ("victim",),
            "extract_victims",
        ),
        _R(
            "incident.described",
            "an attack on/against, or a hack into, a noun phrase no name covers",
            "a qualified description of people or bodies ('presidential campaigns', 'a bank in Vietnam') as a collective",
            ("victim",),
            "extract_described",
        ),
        _R(
            "event.testimony",
            "'X told/briefed two Senate committees', 'the agency told lawmakers'",
            "the reporting verb's subject and the legislative body it told",
            ("participant",),
            "extract_scenes",
        ),
        _R(
            "event.hosted",
            "'X said/spoke at an event (forum, conference, briefing) at/hosted by Y'",
            "the verb's subject and the host organisation",
            ("participant",),
            "extract_scenes",
        ),
        _R(
            "event.exercise",
            "'A and B conduct/hold joint (military) exercises/drills (with C)'",
            "the verb's subjects and its 'with' partners",
            ("participant",),
            "extract_scenes",
        ),
        _R(
            "event.delegation",
            "'the X delegation consisted of/comprised/included officials from A, B', 'was led/headed/co-chaired "
            "by P', 'was attended by officials from A', 'officials from A and B participated'",
            "every actor named in the people's phrase, and the state describing the delegation; not a capital "
            "after 'in' ('attended the summit in Quito': where it was held)",
            ("participant",),
            "extract_delegations",
        ),
        _R(
            "event.briefing",
            "'X said at/during a news/press/media conference or briefing', 'Y, who was also present at the press conference'",
            "the speaker (subject, or the name a relative clause is about) and an organisation in the noun phrase",
            ("participant",),
            "extract_delegations",
        ),
        _R(
            "incident.parse",
            "an attack verb or noun read by the parse (active, passive 'was hacked by', nominal "
            "'the hacking of X by Y', 'attacks from APT28', 'X's breach'); 'Y gained / obtained (unauthorized) access to "
            "the systems of X' (graph.extract_access)",
            "the verb's object / passive subject / 'of' and possessive as victim",
            ("victim",),
            "extract_parse_incidents",
        ),
        _R(
            "claim.blame",
            "accused/blamed/attributed/indicted/charged/sanctions against",
            "the claimant before the cue, the blamed after it ('on', 'to'), coordinated others",
            ("attributedTo", "claimant", "subject"),
            "extract_relations",
        ),
        _R(
            "claim.reported",
            "a perpetrator of an incident in a sentence someone reports (or the article's own)",
            "the reporter before a say-verb, else the publisher",
            ("attributedTo", "claimant", "subject"),
            "extract_relations",
        ),
        _R(
            "claim.parse",
            "'X was behind / responsible for …', 'X is suspected of / believed to …', 'Y accused / "
            "charged / indicted X' read by the parse (negated claims skipped; a belief laying no attack on X — 'believed "
            "to have stepped up its capabilities' — is none)",
            "the blamed subject or object (a pronoun subject: the named subject of the clause above, 'X …, after it "
            "was blamed for …'); the claimant as agent, subject, or the reporting verb's subject above ('Y said X was "
            "behind it')",
            ("attributedTo", "claimant", "subject"),
            "extract_parse_incidents",
        ),
        _R(
            "claim.suspect",
            "'X is a likely suspect / the culprit', 'X were the actors responsible for …'",
            "the subject of 'be'; the claimant as the reporting verb's subject above",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.nominal",
            "a link/involvement/role/hand of an actor asserted by a claim verb or noun ('hinted at a "
            "Russian link', 'allegations of Chinese involvement'); 'claimed responsibility'; the claim a deny verb "
            "rejects ('rejected accusations of Moscow's involvement in the attacks', denied by the denial)",
            "the actor modifying the noun; the claim verb's subject, or the claim noun's maker ('accusations made by X')",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.sponsor",
            "an attack verb whose doer is a described group ('breached by hackers working for X')",
            "the group, its sponsor (working for / on behalf of / backed by X, a government's state), the reporting "
            "verb's subject as claimant; 'its networks' as the reporter's",
            ("attributedTo", "claimant", "subject", "victim"),
            "extract_claims",
        ),
        _R(
            "claim.linked",
            "'X has been linked / tied to the attack'",
            "the one linked (a relative pronoun's noun, 'a group known as X'); the reporting verb's subject as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.condemn",
            "'X condemned Y for the attack', 'X condemned Y's cyberattack / the attack by Y'",
            "Y, or the attack's possessive or 'by' doer; the condemning verb's subject as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.perpetrated",
            "'the attack was carried out / conducted / orchestrated by X', 'X mounted the attack', 'that X conducted the "
            "attack', 'believed to have been carried out by X'; 'the virus was launched / engineered by X'; 'X ordered the "
            "attack / the release of the malware', 'X authorised Y to carry out an attack'",
            "the agent or subject as blamed; the reporting verb's subject, else each name of 'according to X, Y and Z', "
            "as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.origin",
            "where an attack is said to come from: 'the attack originated in X', 'the malware came "
            "from X', 'attacks emanating from X soil', 'hackers from X', 'attackers said to be from X'",
            "the states the place names, blamed; the claimant is the reporting verb's subject",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.charge",
            "'X announced indictments / charges against Y for hacking …', 'a warrant issued by X "
            "against Y' when an attack is named",
            "Y (its conjuncts, 'members of the X military': X, 'two X nationals': X) blamed; the bringing verb's subject or "
            "the 'by' agent as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claims",
        ),
        _R(
            "claim.issued",
            "'X, Y and Z issued attribution statements', 'made a joint attribution', 'joined the "
            "attribution'; 'Y also condemned the attacks' (or naming one the claim blames); 'A and B agreed with / "
            "shared the X assessment that Y was behind it' (A, B and X)",
            "the verb's coordinated subjects, as claimants of the attribution claim just reported",
            ("claimant",),
            "extract_claims",
        ),
        _R(
            "claim.instrument",
            "attack techniques / tools / malware 'used by X against Y'",
            "X (a described group when "
            "unnamed) blamed, Y the victim, the reporting verb's subject as claimant; a possible use ('could be used') "
            "is none",
            ("attributedTo", "claimant", "subject", "victim"),
            "extract_claims",
        ),
        _R(
            "claim.frame",
            "a punitive act for an attack ('X expelled / sanctioned / named Y for an attempt to hack Z', 'X suspects Y "
            "of the hack'); 'X named / identified Y as the culprit', 'X pointed the finger at Y'; a described group 'was "
            "behind / responsible for' it or 'engaged in stealing …'; 'it was the work / bore the hallmarks of Y'; "
            "'attacks from Russia-linked hackers', 'attacks associated with "
            "Y', 'the attack was tied to Y', 'X traced the breach to Y'; a group claiming an attack itself ('X claimed "
            "the attack', 'X said it was behind it'); in an attack's story, 'X issued an arrest warrant for Y'; 'X holds Y "
            "responsible for the attack', 'X's attribution of the attack to Y'",
            "the object (passive subject) blamed, the body it is 'of / in', an organisation inside it, a described group; "
            "the subject or agent (a reporter's 'it' resolved), else the reporting verb's subject, as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claim_frames",
        ),
        _R(
            "claim.means",
            "an attack verb with no subject under a verb whose subject acts through it ('X used servers to hack into "
            "Y', 'X raised money from stealing'); 'X acquired / raised $2 billion through cyberattacks'",
            "that subject blamed; the reporting verb's subject (else the publisher) as claimant",
            ("attributedTo", "claimant", "subject"),
            "extract_claim_frames",
        ),
        _R(
            "claim.continued",
            "the next sentences of a claim's story: 'the charges were filed against A, B and C'; 'the (new) measures / "
            "sanctions target A, B and C'; 'the indictment / "
            "report / list accuses Y' with no maker named; 'X said the charges were …' / 'X said the alleged hacking "
            "campaign …'; one blamed 'is (believed to be) "
            "part / a member of Y'",
            "A, B and C (Y) blamed in the last claim; the last claim's claimants as the document's claimants; the maker "
            "of the accusations a denial rejects ('rejected the accusations made by X') as a claimant; X as a "
            "claimant (not when dismissing them)",
            ("attributedTo", "claimant"),
            "extract_claim_story",
        ),
        _R(
            "claim.reporter",
            "a claim made in a sentence whose main verb reports it ('X indicted Y …, the Justice Department said'; 'X cited "
            "officials as saying Y hacked Z')",
            "the reporting verb's named subject ('it' as the organisation the sentence names for it) as a claimant too; "
            "with no claimant, the source of 'according to X' or 'as confirmed / stated by X'",
            ("claimant",),
            "extract_claim_story",
        ),
        _R(
            "claim.agency",
            "a state body blamed by its demonym ('the Chinese military', 'the Russian intelligence service'); a "
            "group blamed with a hyphenated link to a state ('a China-linked group', 'Kremlin-backed hackers'); in a "
            "claim's sentence, 'cyber actors affiliated with X', 'hackers operating under the direction of X', 'acting at "
            "the behest of / in association with X'",
            "the state of the demonym or of the link, the described group and X, blamed too; a claiming state body's "
            "state as claimant",
            ("attributedTo", "claimant"),
            "extract_claim_story",
        ),
        _R(
            "denial.own",
            "a speaker who says their own side did not do it, with no deny verb ('a source said their government is "
            "not taking any responsibility for the hack', 'we had nothing to do with it'); a participle denial ('a "
            "statement by X denying any attacks', 'X issued a statement, denying involvement')",
            "the reporting verb's subject (the statement's maker, the participle's noun or subject) as claimant; the "
            "last claim denied, its incident as subject",
            ("claimant", "denies", "subject"),
            "extract_claim_story",
        ),
        _R(
            "claim.subject",
            "an attribution claim whose sentence names no incident",
            "the article's first incident",
            ("subject",),
            "extract_relations",
        ),
        _R(
            "denial",
            "denied/rejected/dismissed",
            "the deny verb's subject by the parse, or its agent in the passive ('was rejected by X'; none when no name "
            "covers it), "
            "else the denier before the cue; the last claim and its incident",
            ("claimant", "subject", "denies"),
            "extract_claims",
        ),
        _R(
            "denial.speaker",
            "a statement whose sentence dismisses a claim: a dismissal word ('groundless', 'fabricated', 'smear') with "
            "a claim noun ('accusations', 'claims', 'charges'), not negated",
            "the statement's speakers (not a claimant) as claimants of a denial of the last claim, its incident",
            ("claimant", "subject", "denies"),
            "extract_claim_extra",
        ),
        _R(
            "incident.effect",
            "an attack noun as subject of a disabling verb ('the attack crippled / brought down / knocked out / "
            "disrupted / hit / affected X') or as agent of a passive one ('X was affected by the hack'), not negated",
            "the object (passive subject), its conjuncts and 'including' items; the owner of hit servers / networks / "
            "systems ('the servers of A and B') as victims",
            ("victim",),
            "extract_claim_extra",
        ),
        _R(
            "incident.group_state",
            "a victim read by another rule that is a described group whose plural head is a kind of body "
            "(companies, banks, firms, entities, contractors …) with one state inside it "
            "('U.S. banks', 'American companies', 'companies in the United States')",
            "that state, as a victim too",
            ("victim",),
            "extract_claim_extra",
        ),
        _R(
            "denial.parse",
            "'X called / described the accusation (as) baseless, groundless, slander …' (not negated)",
            "the verb's subject; the last claim and its incident",
            ("claimant", "subject", "denies"),
            "extract_claims",
        ),
        _R(
            "statement.say",
            "a say-verb (said, told, warned, announced …) or 'according to'",
            "the reporting verb's subject by the parse, or its agent ('as confirmed by X', 'was announced by X'; a "
            "passive 'X were told …' / 'X is said to …' without one names no speaker; a name before a description "
            "speaks only when a comma closes the description, not '… at the United Nations, the ministry said'; the one "
            "told never speaks: '\"…,\" X told The Hill' with X unrecognised names no speaker); 'Y quoted X as saying' / "
            "'X was quoted by Y as saying' is X's; 'according to the head "
            "of X, …' with no name after it is that unnamed head (extract_speech_heads) "
            "(extract_speech: anonymous sources and documents name no one, "
            "a state may speak), the name after an inverted quote, 'he/she' as the last person named; every conjunct "
            "of the speaker's phrase (extract_reported: 'A, B and C said', 'according to A and B'); the deny verb's "
            "subject when it says what ('X denied that …'; not a stance in a relative clause, 'allegations X has "
            "dismissed'); the clause's subject an outlet relays ('X denied …, Tass said'); "
            "speech acts with their subject ('X demanded/urged/condemned'); 'X … over what it called …' is X's; 'he said' "
            "after an earlier clause of the sentence is that clause's named subject; never the place or agency of a "
            "paragraph's dateline ('OSLO (AP) — the bank said', 'Vela Mirror - Reuters: …'); 'the Oslo-based bank said' "
            "is the bank named before; an outlet named after its noun ('local media outlet El Vela reported …') "
            "reports (extract_posts); 'X's official Twitter account tweeted' is X's (extract_speech); 'X commented, "
            "\"…\"' / 'commented that' and 'suggested / asserted that' with their subject",
            ("speaker", "subject"),
            "extract_statements",
        ),
        _R(
            "statement.denial",
            "a denial (deny/reject/dismiss verbs, 'X was not behind it') whose claimant speaks nowhere else",
            "the denial's claimant",
            ("speaker",),
            "extract_spoken",
        ),
        _R(
            "statement.noun",
            "a statement noun (statement, press release, communiqué, readout)",
            "the body released/issued it ('the readouts issued by A and B', 'A and B issued a joint statement') or "
            "named before the noun ('a White House statement'); 'the joint declaration said': the parties of the "
            "article's agreement; 'the statement said' with no author: the last speaker or denier of the article",
            ("speaker", "subject"),
            "extract_statements",
        ),
        _R(
            "statement.outlet",
            "'told Reuters', 'told The Hill', 'said X to the Y Times', 'Y quoted X as saying', 'on X's website', a news "
            "agency's own "
            "statement noun ('a statement released by Xinhua'; not its report, 'Kyodo reported …', which is its speech) "
            "or the speaker it relays ('X denied …, the Y news agency said'; an active subject only, not 'X is thought "
            "to …'); 'in an interview with Reuters', "
            "'wrote an op-ed piece in the X Journal'",
            "the outlet after the cue (for interviews and op-eds, a news outlet only)",
            ("publishedIn", "websiteOf"),
            "extract_statements",
        ),
        _R(
            "statement.platform",
            "'wrote on Facebook', 'said in a Facebook post', 'X radio carried a statement by …', 'X's official Twitter "
            "account tweeted'",
            "the organisation right after 'on'/'in a' ending the clause or before a post noun; the outlet that is "
            "the subject of carried/published/aired before the statement noun",
            ("publishedIn",),
            "extract_statements",
        ),
        _R(
            "quotation",
            "words in quotation marks opened or closed in a statement's sentence",
            "the verbatim text; the statement's speaker",
            ("hasQuotation", "speaker", "quotedText"),
            "extract_statements",
        ),
        _R(
            "law",
            "a named law ('… Act') or a law taking effect",
            "who enacted it ('passed by', the state named)",
            ("enactedBy", "concernsLaw", "participant"),
            "extract_policy",
        ),
        _R(
            "deliberation",
            "'mulled/considered/weighed sanctions against X'",
            "the actor before, the target after",
            ("participant", "targets"),
            "extract_policy",
        ),
        _R(
            "post.title",
            "a title before a name ('Foreign Minister X', a hyphened 'Secretary-General X' as one title) or an appositive "
            "('X, the foreign minister')",
            "the title words and the state or organisation they name, completed by the parse (extract_speech: the whole "
            "post and the body its of/at/for names); an unnamed person known by an office ('the Norwegian ambassador', "
            "'the energy minister') or a body's spokesman ('a Vela Bank spokesman') holds it (extract_posts); a post "
            "and its place before a name ('its ambassador to Russia, X') is the name's, and an appositive title's body "
            "may follow its field ('X, Director for Cyber Policy, in the Vela Office') (extract_holders); the state "
            "after the name ('President X of Peru') and each name of a list under a plural title ('Presidents A of X "
            "and B of Y'), the body named inside an appositive title ('X, an Interior Ministry spokesman') or before "
            "a hyphenated one ('NATO Secretary-General X') "
            "(extract_speech_states)",
            ("postIn", "holdsPost", "holder", "tenurePost"),
            "extract_policy",
        ),
        _R(
            "org.based",
            "an organisation named with a state's possessive or demonym ('Canada's National Research Council')",
            "the parse: a possessive or modifier of the name's head that is a state",
            ("basedIn",),
            "extract_parse",
        ),
        _R(
            "org.government",
            "a government named by its state ('the Canadian government', 'Government of Canada')",
            "the state in the name",
            ("governmentOf",),
            "extract_relations",
        ),
        _R(
            "event.reached",
            "'the agreement was reached during talks …'",
            "the sentence's agreement and talks",
            ("reachedDuring",),
            "extract_timeline",
        ),
        _R(
            "event.earlier",
            "'involved in the talks' about an agreement an earlier article of the run said was reached during talks",
            "the person before the cue; those talks",
            ("participant",),
            "extract_timeline",
        ),
        _R(
            "trend.change",
            "a change verb (dropped, fell, rose, surged …) whose subject is an incident noun (breaches, attacks)",
            "the sentence's incident; its date tied to an agreement ('around the time of that agreement')",
            ("subject",),
            "extract_timeline",
        ),
        _R(
            "agreement.reported",
            "'X, which first reported the agreement'",
            "the organisation right before the cue",
            ("firstReportedBy",),
            "extract_timeline",
        ),
        _R(
            "agreement.beneficiary",
            "'X is the main beneficiary of the agreement'",
            "a sector named before the cue ('Canada's private sector') and the state inside it",
            ("beneficiary", "basedIn"),
            "extract_timeline",
        ),
        _R(
            "learned.roles",
            "a named entity and, in the same article, a frame the rules found (event, statement, claim, denial, "
            "incident, agreement) with no such role for it",
            "a logistic model per role (graph/models/roles.json, trained by `cyberkg train-roles` on gold): the "
            "dependency steps from each mention to its verb, the sentence's content lemmas, quotation, frames",
            ("participant", "speaker", "claimant", "attributedTo", "victim", "hasParty"),
            "extract_learned",
        ),
        _R(
            "coord.conj",
            "a name coordinated with the object of a role another rule found ('A, B and C', 'A as well as B', 'A, along with B')",
            "the parse's conj links from the object's head in the same sentence (and a list "
            "split as an apposition); not across a clause, not 'but not' / 'except' / 'or', not a name holding another "
            "role of the fact",
            ("claimant", "attributedTo", "speaker", "participant", "victim", "targets", "hasParty", "publishedIn"),
            "extract_coord",
        ),
        _R(
            "date.timex",
            "an absolute, partial or relative date in the sentence of an event",
            "the publication date as anchor, or another event's date ('four days after')",
            ("date",),
            "timex",
        ),
        _R(
            "entities.particle_names",
            "a person's name followed by a lowercase Arabic article hyphened to a capitalised word ('al-Marri'), "
            "or a one-word mention of such a surname",
            "the name's tokens and the next three; the people named in full (one whose last word is the surname, case aside)",
            (),  # an entity rule: it shapes the Person nodes every relation ends on, writes no predicate itself
            "extract_entity_names",
        ),
        _R(
            "entities.possessed_bodies",
            "a body named by one lowercase word ('military', 'police') after a state's possessive, or modifying "
            "the noun after it; a body's name of three words or more after a state's abbreviation ('US National "
            "Security Agency')",
            "the state's possessive before it (the label becomes \"China's military\"); the parse head of the word "
            "(an adjective of the next noun, 'military action', is no body); the abbreviation before a long name "
            "is no part of its label",
            (),  # an entity rule: it names and drops Organisation nodes, writes no predicate itself
            "extract_entity_names",
        ),
        _R(
            "entities.honorifics",
            "an honorific before a name ('Shri', 'Sri', 'Dato', 'Datuk', 'Tun', 'Hon') or the title 'State "
            "Councilor'/'councillor'",
            "the lexicon's ranks (an honorific is no part of the name), its honorifics (one may stand between a "
            "title and the name: 'Secretary-General Dato Lim Ah Kow') and titles (a councilor's post)",
            (),  # an entity rule: the person's name without the honorific; the post rules write the relations
            "extract_lexicon",
        ),
        _R(
            "entities.envoy_names",
            "a title, 'to (the)', a host state and a name ('Russian ambassador to the US Anatoly Antonov')",
            "the person shape of the lexicon; the title's words back through its modifiers to the host state, the "
            "state before them (the sending one); the unnamed person those words made is dropped; an unnamed "
            "envoy's description takes 'to <state>' also when the state is written 'The Netherlands'",
            (),  # an entity rule: the person and its title; the post rules write holdsPost/holder/postIn
            "extract_entity_names",
        ),
        _R(
            "entities.overlapping_bodies",
            "two organisation spans that overlap (one name cut two ways: 'the Acme News Agency's website' as "
            "'Acme News' and 'Acme News Agency')",
            "the spans after the span pass; the longer is kept, governments left to their rules; a lowercase unit "
            "before a state's possessive ('department of Britain's Foreign Office') is cut to the name after it; "
            "a name ending in a capitalised portfolio goes on through a lowercase 'affairs' ('Ministry of Home "
            "affairs')",
            (),  # an entity rule: one node per body, writes no predicate itself
            "extract_entity_names",
        ),
        _R(
            "entities.coordinated_people",
            "a name of two or three capitalised words the model calls a place or body, coordinated with a person's "
            "name ('Presidents A B of X, C D of Y and E F of Z')",
            "the parse's conj link between the two names; no gazetteer state; an appositive title ends before "
            "'and' another person with a title of their own ('A B, joint secretary in X and C D, head of Y')",
            (),  # an entity rule: the Person node the agreement/event rules then read
            "extract_entity_names",
        ),
        _R(
            "entities.bylines",
            "a line of its own 'By A B' / 'By A B and C D' (the article's authors)",
            "the capitalised names of the line (two to four words each), unless a name was found there",
            (),  # an entity rule: the authors are named people of the article, writes no predicate
            "extract_entity_names",
        ),
        _R(
            "entities.kin_names",
            "a possessive kin noun before a capitalised name ('his daughter Yulia', 'her husband Karl Berg')",
            "one or two capitalised words after the kin noun, no capitalised word after them, no span there yet",
            (),  # an entity rule: the Person node (often a first name alone), writes no predicate
            "extract_entity_names",
        ),
        _R(
            "incident.parse_more",
            "an attack the cue rule (incident.attack) found with no victim, in a sentence no rule gave a victim: it "
            "refers back ('the hacking of X's system') or its victim is not right after the cue ('hacked into the "
            "prestigious X')",
            "the parse's roles of the first attack that names a victim (as incident.parse); not the dateline",
            ("victim",),
            "extract_victim_more",
        ),
    )
}


def check(rule: str, predicate: str) -> None:
    """A rule writes only what it declares."""
    declared = RULES.get(rule)
    if declared is None:
        raise ValueError(f"unknown extraction rule {rule!r}")
    if predicate not in declared.writes:
        raise ValueError(f"rule {rule!r} does not declare {predicate!r}")
