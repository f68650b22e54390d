"""Named errors. Each carries a short machine-readable ``reason`` (used in the
``quarantine`` table) and a message that says what to do about it."""

from __future__ import annotations


class NewsfactsError(Exception):
    """Base class of every error newsfacts raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message


class ModelError(NewsfactsError):
    """The spaCy model is missing, or its files are not the pinned ones."""

    reason = "model"


class InputError(NewsfactsError):
    """A raw input cannot become an article. Quarantined, never fatal to a run."""

    reason = "bad_input"


class MissingPathError(InputError):
    reason = "missing_path"


class EmptyInputError(InputError):
    reason = "empty_file"


class BinaryInputError(InputError):
    reason = "binary_file"


class DecodeError(InputError):
    reason = "undecodable"


class MalformedRecordError(InputError):
    reason = "malformed_json"


class MissingTextError(InputError):
    reason = "no_text"


class NoArticleBodyError(InputError):
    reason = "no_article_body"


class TruncatedInputError(InputError):
    reason = "truncated_gzip"


class TooLongError(InputError):
    reason = "too_long"


class UnsupportedInputError(InputError):
    reason = "unsupported_format"


class BadDateError(InputError):
    """A ``published_at`` that names no real moment (``2026-02-30``, year 9999 at -14:00)."""

    reason = "bad_date"


class SkippedInputError(InputError):
    """A path in the inputs that is not a regular file of a kind newsfacts reads: counted as
    *skipped* (not quarantined) with its ``reason``, never read, never waited on."""

    reason = "skipped"


class UsageError(NewsfactsError):
    """Bad usage found before any work starts: nothing has been read or created."""

    reason = "usage"


class ServerLostError(NewsfactsError):
    """The Prefect API stopped answering during a run."""

    reason = "server_lost"


class WarehouseError(NewsfactsError):
    """The warehouse cannot be read or written."""

    reason = "warehouse"


class QualityGateError(NewsfactsError):
    """A batch failed a critical expectation and was kept out of the tables."""

    reason = "quality_gate"


class CorruptInputError(InputError):
    """A compressed input that is not valid gzip (bad header or checksum)."""

    reason = "corrupt_gzip"
