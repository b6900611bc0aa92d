"""Issuance (M8): numbered permits signed electronically, their register and public verification.

See docs/adr/0012-issuance.md. Models here; the write paths in `services`, the reads in
`selectors`; the document in `document`, numbering in `numbering`.
"""
