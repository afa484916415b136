"""The provider's callback endpoint: signed by the provider, answered in one INSERT, applied by the worker."""

from django.http.request import RawPostDataException
from ninja import Router, Schema

from loket.core.errors import LoketError
from loket.org.api import ErrorOut
from loket.payments import services, signatures

router = Router(tags=["pembayaran"])


class CallbackAck(Schema):
    received: bool
    new: bool


@router.post(
    "/pembayaran/notifikasi/{provider}",
    auth=None,
    response={200: CallbackAck, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Notifikasi pembayaran dari penyedia (webhook)",
)
def provider_callback(request, provider: str):
    """A payment provider tells Loket a bill was paid or refunded. The body is signed with the provider's secret
    (header `X-Loket-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`, at most 5 minutes old);
    anything unsigned, wrongly signed or stale is refused with 401 and recorded. Each event id is stored once: a
    replay answers 200 with `new: false` and changes nothing. See docs/payments.md."""
    try:
        body = request.body
    except RawPostDataException:  # sent as a form and already parsed: not a provider's JSON event
        raise LoketError("Isi notifikasi pembayaran harus JSON.") from None
    event, new = services.receive(provider, signature=request.headers.get(signatures.HEADER, ""), body=body)
    return {"received": True, "new": new}
