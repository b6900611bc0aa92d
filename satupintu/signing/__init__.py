"""Electronic signatures (TTE): PAdES signing through a pluggable signer, and validation.

Public surface (see docs/adr/0011-electronic-signatures.md):
- `signing.base`: `Signer` (the protocol), `SignerProfile`, `SignerDescription`, `VisibleBox`;
- `signing.config`: `signer_for(profile)` (the configured backend), `trust_roots()`;
- `signing.validation`: `validate_pdf(data)` → `ValidationResult`, `sha256(data)`;
- `signing.errors`: `WrongPassphrase`, `SignerNotRegistered`, `SignerUnavailable`, …;
- `signing.pki`: the development PKI generated into the data directory.

Nothing here is imported at start-up beyond the app's checks: pyHanko loads on first use.
"""
