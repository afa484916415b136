"""Who signs: the name, NIP, position and rank an official's signature block and certificate carry.

The personnel register lives in a higher layer (loket.hr); it registers a provider at start-up (ADR 0011), so a
decision signed by an agency head prints "Drs. Bambang Sutrisno, M.Si." and "NIP. 19..." rather than the
account's name. Without a provider (or for an account that is no employee) the account's own full name is used.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SignerIdentity:
    name: str  # as printed under the signature, with academic titles
    nip: str = ""
    position: str = ""  # e.g. "Kepala Dinas Penanaman Modal dan PTSP"
    rank: str = ""  # pangkat, golongan/ruang, e.g. "Pembina Utama Muda (IV/c)"


_PROVIDERS: list[Callable[[object], SignerIdentity | None]] = []


def register(provider: Callable[[object], SignerIdentity | None]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def account_name(user) -> str:
    name = (user.get_full_name() or "").strip() or user.get_username()
    return re.sub(r"\s+", " ", name)


def identity_for(user) -> SignerIdentity:
    for provider in _PROVIDERS:
        found = provider(user)
        if found is not None and found.name.strip():
            return found
    return SignerIdentity(name=account_name(user))
