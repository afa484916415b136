"""Page counts of documents signed before Loket recorded them (migration 0005 and `loket documents_pages`).

Reads each signed document's stored PDF and writes its page count; a missing or unreadable file leaves the count
empty (the document, its file and every other field stay as they are) and is reported, so nothing is lost."""

from dataclasses import dataclass, field

from loket.documents import pagecount

BATCH = 500


@dataclass
class Result:
    counted: int = 0
    unreadable: list[str] = field(default_factory=list)  # codes of documents whose file gave no count


def fill_pages(document_model, *, batch: int = BATCH) -> Result:
    """Count the pages of every signed document without a count (`document_model`: the model, or the historical
    model inside a migration). Idempotent: a counted document is not read again; an unreadable one is retried."""
    result = Result()
    last = 0
    while True:
        rows = list(
            document_model.objects.filter(pk__gt=last, pages__isnull=True)
            .exclude(file="")
            .exclude(signed_at__isnull=True)
            .order_by("pk")
            .only("pk", "code", "file")[:batch]
        )
        if not rows:
            return result
        for row in rows:
            pages = pagecount.count_stored(row.file)
            if pages is None:
                result.unreadable.append(row.code)
                continue
            document_model.objects.filter(pk=row.pk).update(pages=pages)
            result.counted += 1
        last = rows[-1].pk
