"""The bulk build's pipe (graph/bulkpipe.py): N-Quads loaded by the engine while Python writes them. The
store is replaced only when both sides succeed; a failure on either side leaves it as it was, with nothing
left behind and nothing blocked."""

from __future__ import annotations

import pytest

from cyberkg.errors import StoreError
from cyberkg.graph.store import OxigraphStore

LINE = (
    '<https://w3id.org/cyberkg/id/a{}> <http://www.w3.org/2000/01/rdf-schema#label> "a {}" <https://w3id.org/cyberkg/graph/x> .\n'
)
MANY = 300_000  # about 30 MB: far more than the pipe holds, so a writer whose loader is gone would block


def _lines(start: int, stop: int) -> bytes:
    return "".join(LINE.format(i, i) for i in range(start, stop)).encode()


@pytest.fixture
def store(tmp_path):
    store = OxigraphStore(tmp_path / "store", create=True)
    store.replace_all(_lines(0, 3))
    return store


def _leftovers(store: OxigraphStore) -> list[str]:
    return sorted(p.name for p in store.path.parent.iterdir() if p.name.startswith(store.path.name + "."))


def test_streamed_quads_are_the_store_and_the_producer_result_comes_back(store):
    def produce(pipe):
        for start in range(0, 20_000, 5_000):
            pipe.write(_lines(start, start + 5_000))
        return "done"

    assert store.replace_all_stream(produce) == "done"
    assert sorted(store.dump_nquads().splitlines()) == sorted(_lines(0, 20_000).splitlines())
    assert _leftovers(store) == ["store.lock"]


def test_a_producer_error_mid_stream_keeps_the_old_store(store):
    before = store.dump_nquads()

    class Bad(Exception):
        pass

    def produce(pipe):
        pipe.write(_lines(0, MANY))
        raise Bad("bad fact at line 7")

    with pytest.raises(Bad, match="line 7"):
        store.replace_all_stream(produce)
    assert store.dump_nquads() == before
    assert _leftovers(store) == ["store.lock"]


def test_a_loader_that_stops_reading_does_not_block_the_producer_and_keeps_the_store(store):
    before = store.dump_nquads()

    def produce(pipe):
        pipe.write(b"this is not N-Quads\n")
        for start in range(0, MANY, 10_000):  # blocks forever if the loader's end of the pipe stayed open
            pipe.write(_lines(start, start + 10_000))

    with pytest.raises(StoreError, match="previous store kept"):
        store.replace_all_stream(produce)
    assert store.dump_nquads() == before
    assert _leftovers(store) == ["store.lock"]
