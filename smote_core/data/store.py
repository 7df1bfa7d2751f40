"""Uploaded files kept on the server under unguessable tokens, so that a reload or a restart loses nothing.

A stored upload is the file's bytes as the user sent them plus a small JSON record (file name, and the Data page's
choices: sheet, target, features, category columns, missing-value choice, label merging). Nothing is ever unpickled
or evaluated: the bytes go back through :func:`smote_core.data.tables.load_table` like a fresh upload.

The store lives outside the project tree (``$SMOTE_UPLOAD_DIR``, default ``~/.cache/smote-explorer/uploads``), is
bounded in total size (the oldest-used files go first) and forgets a file that has not been used for
:data:`EXPIRY_DAYS` days. A token is 128 random bits (``secrets.token_urlsafe``); the store never lists tokens, and
only a string of the token's exact shape is ever turned into a path.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .._validation import SmoteError

#: A stored file is forgotten after this many days without use.
EXPIRY_DAYS = 7
#: All stored files together stay under this many bytes (the oldest-used ones are removed first).
MAX_TOTAL_BYTES = 2 * 1024**3
#: The URL form of a stored upload: ``dataset=upload:<token>``.
PREFIX = "upload:"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")


@dataclass
class Choices:
    """What the user chose on the Data page for a stored file."""

    target: str | None = None
    features: list = field(default_factory=list)
    categorical: list = field(default_factory=list)
    missing: str | None = None  # None, "drop" or "median"
    merge_labels: bool = True
    sheet: str | None = None  # an Excel workbook's sheet


@dataclass
class StoredUpload:
    token: str
    filename: str
    raw: bytes
    sheet: str | None
    choices: Choices
    stored_at: float
    expires_at: float

    @property
    def dataset(self) -> str:
        """The URL value that names this upload."""
        return PREFIX + self.token


class Expired(SmoteError):
    """The token has the right shape but its file is gone (expired, forgotten, or from another server)."""


def default_root() -> Path:
    return Path(os.environ.get("SMOTE_UPLOAD_DIR") or Path.home() / ".cache" / "smote-explorer" / "uploads")


def token_of(dataset: str) -> str | None:
    """The token in a ``dataset`` URL value (``upload:<token>``), or None when it names no stored upload."""
    if isinstance(dataset, str) and dataset.startswith(PREFIX) and _TOKEN.match(dataset[len(PREFIX):]):
        return dataset[len(PREFIX):]
    return None


class UploadStore:
    """A folder of uploads, each under its own token.

    Parameters
    ----------
    root : path, optional
        Where files are kept (default :func:`default_root`); created with owner-only permissions.
    max_total_bytes : int, default=MAX_TOTAL_BYTES
    expiry_days : float, default=EXPIRY_DAYS
    clock : callable, default=time.time
        For tests.
    """

    def __init__(self, root=None, *, max_total_bytes: int = MAX_TOTAL_BYTES, expiry_days: float = EXPIRY_DAYS,
                 clock=time.time):
        self.root = Path(root) if root is not None else default_root()
        self.max_total_bytes = int(max_total_bytes)
        self.expiry_seconds = float(expiry_days) * 86400
        self.clock = clock

    # ------------------------------------------------------------------------------------------ public
    def put(self, raw: bytes, filename: str, sheet: str | None = None) -> str:
        """Keep ``raw`` (the uploaded file) and return its new token."""
        raw = bytes(raw)
        if len(raw) > self.max_total_bytes:
            raise SmoteError(f"the file is {len(raw):,} bytes, more than this server keeps ({self.max_total_bytes:,}).")
        self.purge(room_for=len(raw))
        token = secrets.token_urlsafe(16)
        folder = self._folder(token)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(mode=0o700)
        (folder / "file").write_bytes(raw)
        self._write_meta(folder, {"filename": str(filename), "sheet": sheet, "stored_at": self.clock(),
                                  "choices": asdict(Choices(sheet=sheet))})
        self._touch(folder)
        return token

    def get(self, token: str, *, content: bool = True) -> StoredUpload:
        """The stored upload; :class:`Expired` when it is gone, :class:`SmoteError` for a malformed token.

        ``content=False`` leaves the file's bytes unread (``raw`` is ``b""``): the record alone, still counted as a
        use, for a page that has the parsed table cached already."""
        folder = self._existing(token)
        meta = json.loads((folder / "meta.json").read_text())
        raw = (folder / "file").read_bytes() if content else b""
        self._touch(folder)
        known = {f for f in Choices.__dataclass_fields__}
        choices = Choices(**{k: v for k, v in meta.get("choices", {}).items() if k in known})
        if choices.sheet is None:
            choices.sheet = meta.get("sheet")
        return StoredUpload(token=token, filename=meta["filename"], raw=raw, sheet=choices.sheet,
                            choices=choices, stored_at=float(meta["stored_at"]),
                            expires_at=self.clock() + self.expiry_seconds)

    def set_choices(self, token: str, choices: Choices) -> None:
        """Remember the Data page's choices for this upload (they come back after a reload)."""
        folder = self._existing(token)
        meta = json.loads((folder / "meta.json").read_text())
        meta["choices"] = asdict(choices)
        meta["sheet"] = choices.sheet
        self._write_meta(folder, meta)
        self._touch(folder)

    def forget(self, token: str) -> bool:
        """Remove the upload now; True when there was one."""
        try:
            folder = self._existing(token)
        except Expired:
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True

    def purge(self, room_for: int = 0) -> None:
        """Remove expired uploads, then the oldest-used ones until ``room_for`` more bytes fit."""
        if not self.root.is_dir():
            return
        now = self.clock()
        entries = []
        for folder in self.root.iterdir():
            if not (folder.is_dir() and _TOKEN.match(folder.name)):
                continue
            used = self._last_used(folder)
            if now - used > self.expiry_seconds:
                shutil.rmtree(folder, ignore_errors=True)
                continue
            entries.append((used, folder, _size(folder)))
        total = sum(size for _, _, size in entries)
        for _, folder, size in sorted(entries, key=lambda e: e[0]):
            if total + room_for <= self.max_total_bytes:
                break
            shutil.rmtree(folder, ignore_errors=True)
            total -= size

    # ------------------------------------------------------------------------------------------ private
    def _folder(self, token: str) -> Path:
        if not isinstance(token, str) or not _TOKEN.match(token):
            raise SmoteError("that is not an upload token: open the Data page and upload the file again.")
        return self.root / token

    def _existing(self, token: str) -> Path:
        folder = self._folder(token)
        if not (folder / "meta.json").is_file() or self.clock() - self._last_used(folder) > self.expiry_seconds:
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            raise Expired(
                f"the uploaded file of this link is no longer on this server (files are kept {self.expiry_days:g} "
                "days after their last use, or until forgotten): upload it again on the Data page."
            )
        return folder

    @property
    def expiry_days(self) -> float:
        return self.expiry_seconds / 86400

    def _touch(self, folder: Path) -> None:
        (folder / "used").write_text(repr(self.clock()))

    def _last_used(self, folder: Path) -> float:
        try:
            return float((folder / "used").read_text())
        except (OSError, ValueError):
            return 0.0

    @staticmethod
    def _write_meta(folder: Path, meta: dict) -> None:
        tmp = folder / "meta.json.part"
        tmp.write_text(json.dumps(meta))
        tmp.replace(folder / "meta.json")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
