"""factdesk's extractors: spaCy pipeline components, one module per concern.

Each module registers a versioned factory (``factdesk_<name>_v<N>``; spaCy forbids dots) that
declares what it requires and assigns, so it can be added to any English
pipeline and tested alone.
"""
