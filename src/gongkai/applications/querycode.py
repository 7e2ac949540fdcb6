"""The query code an applicant follows a case with: 16 characters of Crockford's base32 (80 random
bits), shown in four groups of four, easy to read aloud and type. Only its hash is stored.

What an applicant types is normalised before hashing: any case, spaces or dashes between the groups,
full-width characters, and the letters people confuse with digits (I, L → 1; O → 0). Codes issued
before this format (``secrets.token_urlsafe(16)``, case-sensitive, hashed as typed) keep working: the
lookup also tries the text exactly as it was typed."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from gongkai.applications.models import Application

# Crockford's base32: digits and letters without I, L, O and U (no 1/I/L, 0/O confusion when read aloud).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 × 5 bits = 80 bits
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_·.]+")
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_MAX_TYPED = 64


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise(typed: str) -> str:
    """The canonical form of a typed new-format code ("abcd efgh-..." → "ABCDEFGH..."), or "" when the
    text cannot be one."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed)).upper().translate(_LOOKALIKES)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def display(code: str) -> str:
    """A code in groups of four, separated by spaces, as shown and printed."""
    canonical = normalise(code)
    if not canonical:
        return code  # an old-format code is shown as it was issued
    return " ".join(canonical[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def new_query_code() -> tuple[str, str]:
    """A new code (grouped for display) and the hash stored on the application."""
    canonical = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return display(canonical), _hash(canonical)


def candidate_hashes(typed: str) -> list[str]:
    """The stored hashes the typed text may match: the new format, then an old code as typed."""
    if not typed or len(typed) > _MAX_TYPED:
        return []
    hashes = []
    canonical = normalise(typed)
    if canonical:
        hashes.append(_hash(canonical))
    # Old codes were hashed exactly as issued (stripped only), so their case and dashes matter.
    legacy = _hash(typed.strip())
    if legacy not in hashes:
        hashes.append(legacy)
    return hashes


def find_by_code(typed: str) -> Application | None:
    hashes = candidate_hashes(typed)
    if not hashes:
        return None
    return Application.objects.select_related("agency").filter(query_code_hash__in=hashes).first()
