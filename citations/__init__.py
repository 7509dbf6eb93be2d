"""citations — check and manage GOST-style references to BelTA and other Belarusian sources.

The library's entry point is :func:`citations.pipeline.extract_document`; the stages live in
``readers`` (file → lines/footnotes), ``detect`` (footnotes in extracted text), ``urls``
(URL repair and BelTA URL anatomy), ``gost`` (footnote text → reference) and ``report``.
"""

__version__ = "0.1.0"
