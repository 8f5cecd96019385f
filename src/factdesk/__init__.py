"""factdesk: a sourced, checkable record of what news articles report.

>>> import factdesk
>>> record = factdesk.analyze("Israel's Defence Minister, Yoav Gallant, said ...", published="2025-03-21")
"""

from factdesk.about import __version__
from factdesk.api import analyze, analyze_document, analyze_many
from factdesk.options import Options
from factdesk.record import SCHEMA_VERSION, ErrorRecord, Record

__all__ = [
    "SCHEMA_VERSION",
    "ErrorRecord",
    "Options",
    "Record",
    "__version__",
    "analyze",
    "analyze_document",
    "analyze_many",
]
