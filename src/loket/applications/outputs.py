"""What the output layer (`documents`) offers the engine's pages, registered at start-up (ADR 0011).

The citizen's forms offer documents from their wallet as uploads, and a completed case's status page
lists its decision documents. Both belong to `documents`, above the engine, so it registers them here;
with nothing registered the pages simply offer no wallet and list no documents.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentOutputs:
    usable_in_wallet: Callable  # (user) -> queryset of the user's documents with .code, .title, .number
    reuse_as_upload: Callable  # (*, holder, code, requirement) -> Upload; raises LoketError when refused
    of_application: Callable  # (application) -> list of the case's output documents


_REGISTERED: list[DocumentOutputs] = []


def register_document_outputs(outputs: DocumentOutputs) -> None:
    _REGISTERED[:] = [outputs]


def wallet_choices(user, limit: int = 50) -> list[tuple[str, str]]:
    if not _REGISTERED:
        return []
    return [(doc.code, f"{doc.title} {doc.number}") for doc in _REGISTERED[0].usable_in_wallet(user)[:limit]]


def reuse_as_upload(*, holder, code: str, requirement: str):
    if not _REGISTERED:
        from loket.core.errors import LoketError
        from loket.core.i18n import tr

        raise LoketError(tr("Dompet dokumen tidak tersedia.", "The document wallet is not available."))
    return _REGISTERED[0].reuse_as_upload(holder=holder, code=code, requirement=requirement)


def documents_of(application) -> list:
    return list(_REGISTERED[0].of_application(application)) if _REGISTERED else []
