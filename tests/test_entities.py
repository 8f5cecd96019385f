"""Entities and in-document clustering, on the seed and on small hand-made texts."""

from __future__ import annotations

from typing import Any

import pytest

import factdesk
from factdesk.extract.entities import canonical_key, cluster_entities, initials
from factdesk.options import Options
from factdesk.record import EntityRef, Record
from tests.conftest import SEED_ENTITY_NAMES


def _by_name(record: Record) -> dict[str, Any]:
    return {e.name: e for e in record.entities}


def test_seed_entities(seed_record: Record, seed_text: str) -> None:
    entities = _by_name(seed_record)
    for name in SEED_ENTITY_NAMES:
        assert name in entities, f"{name} missing from {sorted(entities)}"
    gallant = entities["Yoav Gallant"]
    assert gallant.type == "PERSON"
    texts = [m.text for m in gallant.mentions]
    assert texts[0] == "Yoav Gallant"
    assert texts.count("Gallant") >= 2  # "Gallant vowed" (untagged by spaCy) and "In his statement, Gallant"
    assert {m.text for m in entities["United Nations"].mentions} == {"United Nations", "UN"}
    assert entities["Donald Trump"].type == "PERSON"
    assert "Trump" in [m.text for m in entities["Donald Trump"].mentions]  # spaCy labels it ORG
    assert entities["Dorothy Shea"].type == "PERSON"  # split from spaCy's "the UN Dorothy Shea"
    for entity in seed_record.entities:
        for mention in entity.mentions:
            assert seed_text[mention.start : mention.end] == mention.text


def _names(text: str) -> dict[str, list[str]]:
    record = factdesk.analyze(text, options=factdesk.Options(check_language=False))
    return {e.name: [m.text for m in e.mentions] for e in record.entities}


def test_surname_links_to_full_name() -> None:
    names = _names("Prime Minister Keir Starmer visited Kyiv on Monday. Starmer met Volodymyr Zelensky there.")
    assert names["Keir Starmer"] == ["Keir Starmer", "Starmer"]


def test_ambiguous_surname_stays_apart() -> None:
    text = "John Smith and Mary Smith spoke at the meeting in London. Later, Smith left the building early."
    names = _names(text)
    assert "John Smith" in names and "Mary Smith" in names
    assert "Smith" not in names["John Smith"] and "Smith" not in names["Mary Smith"]


def test_acronym_and_alias() -> None:
    names = _names(
        "The World Food Programme said on Tuesday that the WFP had run out of flour. "
        "The United States and the U.S. Congress were not consulted."
    )
    assert set(names["World Food Programme"]) == {"World Food Programme", "WFP"}


def test_keys_and_initials() -> None:
    assert canonical_key("the U.S.") != canonical_key("U.S.")  # the determiner is trimmed earlier, not here
    assert canonical_key("U.S.") == "united states"
    assert canonical_key("Britain’s") == "britain’s".replace("’", "'")
    assert initials(["United", "Nations", "Relief", "and", "Works", "Agency"]) == "UNRWA"


def test_component_runs_alone_on_a_hand_made_doc() -> None:
    import spacy
    from spacy.tokens import Span as SpacySpan

    nlp = spacy.blank("en")
    doc = nlp("Antony Blinken met officials. Blinken said little.")
    doc.ents = [SpacySpan(doc, 0, 2, label="PERSON")]
    entities = cluster_entities(doc)
    assert entities[0]["name"] == "Antony Blinken"
    # The untagged "Blinken" is found by matching the known surname.
    assert [doc.text[s:e] for s, e in entities[0]["mentions"]] == ["Antony Blinken", "Blinken"]


@pytest.mark.parametrize("text", ["Gallant", "The Gallant soldiers stood in the rain for an hour in the cold."])
def test_no_entity_from_thin_air(text: str) -> None:
    record = factdesk.analyze(text, options=factdesk.Options(check_language=False))
    assert all(e.name != "Yoav Gallant" for e in record.entities)


def test_a_place_the_model_also_took_for_a_person_is_one_place() -> None:
    import spacy
    from spacy.tokens import Span as SpacySpan

    nlp = spacy.blank("en")
    doc = nlp("She went to Rojava in May. The rest of Rojava is calm.")
    # The small model tags unfamiliar places PERSON in one sentence and GPE in the next.
    doc.ents = [SpacySpan(doc, 3, 4, label="PERSON"), SpacySpan(doc, 10, 11, label="GPE")]
    entities = cluster_entities(doc)
    assert [(e["name"], e["type"], len(e["mentions"])) for e in entities] == [("Rojava", "GPE", 2)]
    # A given name tagged as a place elsewhere stays a person ("Jordan" the man, Jordan the country).
    doc = nlp("Jordan spoke first. Then he flew to Jordan.")
    doc.ents = [SpacySpan(doc, 0, 1, label="PERSON"), SpacySpan(doc, 8, 9, label="GPE")]
    assert {e["type"] for e in cluster_entities(doc)} == {"PERSON", "GPE"}


def _clustered(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[str, str, int]]:
    """(name, type, number of mentions) of the entities clustered from hand-set model entities."""
    import spacy
    from spacy.tokens import Span as SpacySpan

    doc = spacy.blank("en")(text)
    doc.ents = [SpacySpan(doc, start, end, label=label) for start, end, label in ents]
    return [(e["name"], e["type"], len(e["mentions"])) for e in cluster_entities(doc)]


def test_a_surname_the_model_took_for_a_work_or_an_organisation_is_one_person() -> None:
    # "Lord Carlile" (PERSON, the title left out), "said Carlile" (WORK_OF_ART), "Carlile believes"
    # (ORG), "Carlile also urged" (untagged): one person, every mention of him.
    text = "Lord Carlile intervened. It would help, said Carlile. Carlile also urged calm. Carlile believes it."
    assert _clustered(text, [(1, 2, "PERSON"), (9, 10, "WORK_OF_ART"), (16, 17, "ORG")]) == [("Carlile", "PERSON", 4)]
    # A title outweighs two ORG tags: "President Trump", "Trump has been signalling", "Trump’s eagerness".
    text = "President Trump fired. Since then, Trump has been signalling. It braked Trump 's eagerness."
    assert _clustered(text, [(1, 2, "PERSON"), (7, 8, "ORG"), (14, 15, "ORG")]) == [("Trump", "PERSON", 3)]
    # An organisation the model once took for a person stays an organisation.
    text = "Hamas said no. Hamas fighters left. Hamas met Egypt."
    found = _clustered(text, [(0, 1, "PERSON"), (4, 5, "ORG"), (8, 9, "ORG")])
    assert [(name, n) for name, kind, n in found if kind == "ORG"] == [("Hamas", 2)]


def test_an_armed_group_named_in_arabic_is_an_organisation() -> None:
    # The small model tags "Jaish al-Islam" (Army of Islam) as a person.
    text = "A spokesman for Jaish al-Islam said so. Jaish al-Islam fighters left. Jaish met them."
    assert _clustered(text, [(3, 7, "PERSON"), (10, 14, "PERSON")]) == [("Jaish al-Islam", "ORG", 2)]


def test_a_place_named_in_arabic_is_a_place() -> None:
    # The small model tags "Tel Hamis" (hill of Hamis) and "Khan Younis" as persons.
    text = "Fighting near Tel Hamis went on. Sadiq Khan met people from Khan Younis."
    found = _clustered(text, [(2, 4, "PERSON"), (7, 9, "PERSON"), (12, 14, "PERSON")])
    assert found == [("Tel Hamis", "GPE", 1), ("Sadiq Khan", "PERSON", 1), ("Khan Younis", "GPE", 1)]


def test_a_full_name_without_its_middle_name_is_the_same_person() -> None:
    # Two full names would make the surname ambiguous, and the surname tagged ORG would stay apart.
    text = "Neil Prakash was held. Prakash told police. My name is Neil Christopher Prakash, he said."
    found = _clustered(text, [(0, 2, "PERSON"), (5, 6, "ORG"), (12, 15, "PERSON")])
    assert found == [("Neil Christopher Prakash", "PERSON", 3)]


def test_a_first_name_the_model_took_for_an_organisation_joins_the_person() -> None:
    import spacy
    from spacy.tokens import Span as SpacySpan

    nlp = spacy.blank("en")
    cases = [
        # A given name the small model tags alone as an organisation; "Isis" is a given name
        # too, but no person's first name here.
        ("Dirk Campbell lives in Lewes. “We were proud,” says Dirk. Isis fighters left.", [(0, 2), (13, 14), (15, 16)]),
        # An unfamiliar first name tagged so once and not at all the second time; an acronym
        # stays an organisation.
        (
            "Ruaa Abu Rashed came to Germany. “It was cold,” Ruaa says. Ruaa herself is a student. NATO met.",
            [(0, 3), (13, 14), (22, 23)],
        ),
    ]
    expected = [
        ("Dirk Campbell", ["Dirk Campbell", "Dirk"], "Isis"),
        ("Ruaa Abu Rashed", ["Ruaa Abu Rashed", "Ruaa", "Ruaa"], "NATO"),
    ]
    for (text, spans), (person, mentions, organisation) in zip(cases, expected, strict=True):
        doc = nlp(text)
        doc.ents = [SpacySpan(doc, a, b, label="PERSON" if k == 0 else "ORG") for k, (a, b) in enumerate(spans)]
        entities = {e["name"]: e for e in cluster_entities(doc)}
        assert [doc.text[s:e] for s, e in entities[person]["mentions"]] == mentions
        assert entities[organisation]["type"] == "ORG"


def test_a_surname_the_model_took_for_a_place_joins_the_person_unless_used_as_a_place() -> None:
    import spacy
    from spacy.tokens import Span as SpacySpan

    nlp = spacy.blank("en")
    doc = nlp(
        "Mkhaimar Abusada teaches in Gaza. It is unlikely, according to Abusada. Rojda Afrin, life goes on in Afrin."
    )
    # The small model tags the surname alone as a place; "Afrin" is a person's name and a place.
    doc.ents = [
        SpacySpan(doc, 0, 2, label="PERSON"),
        SpacySpan(doc, 4, 5, label="GPE"),
        SpacySpan(doc, 12, 13, label="GPE"),
        SpacySpan(doc, 14, 16, label="PERSON"),
        SpacySpan(doc, 21, 22, label="GPE"),
    ]
    entities = {e["name"]: e for e in cluster_entities(doc)}
    assert [doc.text[s:e] for s, e in entities["Mkhaimar Abusada"]["mentions"]] == ["Mkhaimar Abusada", "Abusada"]
    assert entities["Gaza"]["type"] == "GPE"
    assert entities["Afrin"]["type"] == "GPE"  # "in Afrin": used as a place, it stays one


def test_an_organisation_span_running_past_a_comma_into_a_name_is_split() -> None:
    names = _names("Speaking to the Telegraph, Hussen Abase, father of Amira Abase, said his daughter made a mistake.")
    assert "Hussen Abase" in names and "Telegraph" in names


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # A person the small model tags ORG: a given name and a surname.
        (
            "26-year-old Elif Sarican – an activist with the Kurdish Women’s Movement – struggles to speak to me.",
            "Elif Sarican",
            "PERSON",
        ),
        # An organisation word, or "the" before, keeps an organisation.
        ("Meta Platforms said on Tuesday that it would appeal.", "Meta Platforms", "ORG"),
    ],
)
def test_a_given_name_and_a_surname_tagged_org_is_a_person(text: str, name: str, kind: str) -> None:
    record = factdesk.analyze(text, options=Options(check_language=False))
    found = [e for e in record.entities if e.name == name]
    assert found and found[0].type == kind


def test_a_name_in_apposition_to_a_role_is_a_person() -> None:
    # The small model tags "Recep Tayyip Erdoğan" ORG here; "he" then found no person to refer to.
    text = (
        "The Turkish president, Recep Tayyip Erdoğan, vowed on Sunday that the campaign would be over in a "
        "“short time” and warned Kurdish political activists in Turkey against staging protests. "
        "“This is a national struggle,” he told a rally in Bursa."
    )
    record = factdesk.analyze(text, options=Options(check_language=False))
    types = {e.name: e.type for e in record.entities}
    assert types["Recep Tayyip Erdoğan"] == "PERSON"
    told = [q for q in record.quotes if q.source and q.source[0].text == "he"]
    assert told and told[0].speaker is not None and told[0].speaker.name == "Recep Tayyip Erdoğan"
    # An organisation after a role noun that is no apposition stays one.
    record = factdesk.analyze("The minister visited the Red Cross on Monday.", options=Options(check_language=False))
    assert all(e.type != "PERSON" for e in record.entities if "Red Cross" in e.name)


@pytest.mark.parametrize(
    ("text", "name", "not_a_person"),
    [
        # The small model tags "Hevda" ORG; "she said" then found no one.
        (
            "Hevda, a woman in her late 30s, led a small but sensitive base. She swept the floors, cooked meals, "
            "kept guard, and held court whenever she wanted. “We are not afraid of them,” she said.",
            "Hevda",
            "Hamas, a militant group, said it fired rockets.",
        ),
        # Given an age, "Elyas" (tagged ORG) is a person; "he said" went to the doctor named before.
        (
            "The clinic’s doctor, Akif, sat down. “They are just clumsy lads,” he said. Near the frontline, Elyas, "
            "25, from Hasaka, said the role of the Raqqa ranks had been instrumental. “I don’t even hate them,” he "
            "said.",
            "Elyas",
            "Raqqa, 2017, was a ruin.",
        ),
    ],
)
def test_a_one_word_name_described_as_a_person_is_a_person(text: str, name: str, not_a_person: str) -> None:
    record = factdesk.analyze(text, options=Options(check_language=False))
    assert {e.name: e.type for e in record.entities}[name] == "PERSON"
    last = [q for q in record.quotes if q.kind == "direct"][-1]
    assert isinstance(last.speaker, EntityRef) and last.speaker.name == name
    record = factdesk.analyze(not_a_person, options=Options(check_language=False))
    assert all(e.type != "PERSON" for e in record.entities)


def test_a_given_name_a_particle_and_a_surname_tagged_org_is_a_person() -> None:
    # The small model tags "Staffan de Mistura" ORG and "De Mistura" PERSON: one person.
    text = "Staffan de Mistura said the talks would resume. De Mistura was hopeful."
    assert _clustered(text, [(0, 3, "ORG"), (9, 11, "PERSON")]) == [("Staffan de Mistura", "PERSON", 2)]
    # A particle after a word that is no given name keeps an organisation.
    assert _clustered("The strike hit Banco de Chile yesterday.", [(3, 6, "ORG")]) == [("Banco de Chile", "ORG", 1)]


def test_a_capital_a_before_another_initial_is_part_of_the_name() -> None:
    names = _names("The landslides hit Wayanad, A K Saseendran, the state’s minister for forest, told CNN.")
    assert "A K Saseendran" in names
    # An article before a name stays out of it.
    assert "A Reuters" not in _names("A Reuters reporter saw the convoy leave Gaza City on Monday.")


def test_an_owners_mark_is_no_part_of_a_name() -> None:
    # The model sometimes starts a name at the owner's mark: "Trump" + "’s MAGA".
    assert _clustered("He is the heir to Trump’s MAGA movement.", [(6, 8, "ORG")]) == [("MAGA", "ORG", 1)]
