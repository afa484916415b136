"""allauth's MFA adapter with Loket's encryption at rest: TOTP secrets and recovery-code seeds are stored
encrypted with the field key (loket.core.field_crypto), never in clear (issue 13, finding 6)."""

from allauth.mfa.adapter import DefaultMFAAdapter

from loket.core import field_crypto


class LoketMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return field_crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return field_crypto.decrypt(encrypted_text)
