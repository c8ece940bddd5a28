"""The garbage collector in a web worker: long-lived objects moved out of its reach.

A worker holds some 180,000 objects that live as long as it does (modules, models, URL patterns,
compiled templates, translation catalogues, serializer fields). Python's collector walks all of
them at each full collection: 80 to 100 ms, during whichever request happened to allocate the
object that triggered it (bench/README.md, "Sixth pass"), and a partial collection walks those
that arrived since the last one. `gc.freeze()` moves every object alive at that moment into a
permanent generation that no collection walks; objects are still freed by reference counting.

The objects a worker keeps are not all there at start (templates are compiled, catalogues loaded,
caches filled by the first requests), so a worker freezes what is alive after its 1st, 10th,
100th and 1,000th request, once the response is sent, after a full collection so that nothing
already unreachable is kept.
"""

from __future__ import annotations

import gc
import itertools

from django.core.signals import request_finished

GELS = frozenset({1, 10, 100, 1000})


def geler_objets_durables() -> None:
    """Freeze the worker's surviving objects after the requests numbered in GELS."""
    compteur = itertools.count(1)

    def apres_requete(sender, **kwargs):
        if next(compteur) in GELS:
            gc.collect()
            gc.freeze()

    request_finished.connect(apres_requete, weak=False, dispatch_uid="convergence.memoire")
