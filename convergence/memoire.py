"""Memory in a web worker: the C allocator kept from churning, long-lived objects moved out of
the garbage collector's reach.

**The allocator.** A large upload crosses the worker in buffers of a few hundred KiB to 1 MiB
(the web server's reads, the multipart parser's chunks). glibc serves a block above its mmap
threshold with a fresh mapping and returns the top of its heap to the system once more than its
trim threshold is free there; both thresholds move at run time, and this traffic kept crossing
them, so that most buffers were new pages, each page faulted in and zeroed by the kernel: 327,000
page faults for five 1 GB uploads. With the mmap threshold at 8 MiB and the trim threshold at
32 MiB, the buffers are reused from the heap: 14,000 to 16,000 faults, 15 to 27 % less system
time, the upload answered in 1.76 and 2.12 s instead of 2.32 (medians of sets of five;
bench/README.md, "Eighth pass"). The cost: up to 32 MiB of freed memory kept for reuse in each of
the worker's allocation arenas. An operator's own setting
(MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or glibc.malloc tunables) is left alone, and
nothing is done with another C library.

**The garbage collector.**
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

import ctypes
import gc
import itertools
import os

from django.core.signals import request_finished

GELS = frozenset({1, 10, 100, 1000})

# mallopt() parameters (glibc's malloc.h) and the values set.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
SEUIL_MMAP = 8 * 1024 * 1024
SEUIL_RESTITUTION = 32 * 1024 * 1024


def glibc() -> bool:
    """Whether this process runs on glibc (the C library whose mallopt() is called)."""
    return "CS_GNU_LIBC_VERSION" in getattr(os, "confstr_names", {}) and bool(os.confstr("CS_GNU_LIBC_VERSION"))


def regler_allocateur() -> bool:
    """Raise glibc's mmap and trim thresholds for this process; True if they were set."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    if "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", "") or not glibc():
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(M_MMAP_THRESHOLD, SEUIL_MMAP)) and bool(mallopt(M_TRIM_THRESHOLD, SEUIL_RESTITUTION))


def geler_objets_durables() -> None:
    """Freeze the worker's surviving objects after the requests numbered in GELS."""
    compteur = itertools.count(1)

    def apres_requete(sender, **kwargs):
        if next(compteur) in GELS:
            gc.collect()
            gc.freeze()

    request_finished.connect(apres_requete, weak=False, dispatch_uid="convergence.memoire")
