"""The upload store: tokens, round trips, expiry, the size bound, and refusing anything that is not a token."""

import stat

import pytest

from smote_core import SmoteError
from smote_core.data.store import PREFIX, Choices, Expired, UploadStore, token_of

CSV = b"a,b,label\n1,2,x\n3,4,y\n"


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    return UploadStore(tmp_path / "uploads", max_total_bytes=1000, expiry_days=1, clock=clock)


def test_a_file_comes_back_with_its_choices(store):
    token = store.put(CSV, "my data.csv", sheet=None)
    assert token_of(PREFIX + token) == token
    got = store.get(token)
    assert (got.raw, got.filename, got.choices) == (CSV, "my data.csv", Choices())
    store.set_choices(token, Choices(target="label", features=["a", "b"], categorical=["b"], missing="median"))
    again = UploadStore(store.root, max_total_bytes=1000, expiry_days=1, clock=store.clock).get(token)  # a restart
    assert again.choices == Choices(target="label", features=["a", "b"], categorical=["b"], missing="median")
    assert again.dataset == PREFIX + token


def test_tokens_are_long_random_and_private(store):
    tokens = {store.put(CSV, "f.csv") for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) == 22 for t in tokens)
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    assert stat.S_IMODE((store.root / next(iter(tokens))).stat().st_mode) == 0o700


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "a" * 21, "a" * 23, "upload:abc", "a/b" * 8, None, 42])
def test_anything_but_a_token_is_refused_and_never_becomes_a_path(store, bad):
    with pytest.raises(SmoteError, match="not an upload token"):
        store.get(bad)
    assert token_of(bad if isinstance(bad, str) else "") is None


def test_an_unknown_token_says_it_expired(store):
    with pytest.raises(Expired, match="no longer on this server"):
        store.get("A" * 22)


def test_files_expire_after_their_last_use(store, clock):
    token = store.put(CSV, "f.csv")
    clock.now += 0.9 * 86400
    store.get(token)  # used: the clock restarts
    clock.now += 0.9 * 86400
    assert store.get(token).raw == CSV
    clock.now += 1.1 * 86400
    with pytest.raises(Expired):
        store.get(token)
    assert not (store.root / token).exists()


def test_the_store_stays_under_its_size_bound_dropping_the_oldest_used(store, clock):
    first = store.put(b"x" * 400, "a.csv")
    clock.now += 1
    second = store.put(b"y" * 400, "b.csv")
    clock.now += 1
    store.get(first)  # first is now the more recently used
    clock.now += 1
    third = store.put(b"z" * 400, "c.csv")
    assert store.get(first).raw == b"x" * 400 and store.get(third).raw == b"z" * 400
    with pytest.raises(Expired):
        store.get(second)
    with pytest.raises(SmoteError, match="more than this server keeps"):
        store.put(b"w" * 2000, "big.csv")


def test_forget_removes_the_file(store):
    token = store.put(CSV, "f.csv")
    assert store.forget(token) is True
    assert store.forget(token) is False
    with pytest.raises(Expired):
        store.get(token)
