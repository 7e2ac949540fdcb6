"""The abuse protections of online applications, shared by the portal form and the API: the arithmetic
question an applicant answers, and the rate limits per network address and per applicant."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from gongkai.applications import services
from gongkai.applications.actions import ApplicantData, applicant_key
from gongkai.common.web import client_ip

CHALLENGE_SALT = "gongkai.applications.challenge"
CHALLENGE_MAX_AGE = 3600


@dataclass(frozen=True)
class Challenge:
    token: str  # signed, so the answer needs no server-side storage
    question: str


class ChallengeCheck(enum.Enum):
    PASSED = "passed"
    EXPIRED = "expired"  # older than CHALLENGE_MAX_AGE, forged or mangled
    WRONG = "wrong"


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return Challenge(signing.dumps({"a": a, "b": b}, salt=CHALLENGE_SALT), f"{a} 加 {b} 等于几？")


def check_challenge(token: str, answer: int | None) -> ChallengeCheck:
    try:
        values = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        correct = int(values["a"]) + int(values["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return ChallengeCheck.EXPIRED
    return ChallengeCheck.PASSED if answer == correct else ChallengeCheck.WRONG


def _buckets(request: HttpRequest, data: ApplicantData) -> list[tuple[str, int, str]]:
    """(cache key, limit, who is counted) of each limit a submission counts against."""
    ip = client_ip(request) or "unknown"
    return [
        (f"gk-apply-ip:{ip}", int(services.setting("GONGKAI_APPLICATIONS_RATE_PER_IP")), "本网络地址"),
        (
            f"gk-apply-who:{services.hash_code(applicant_key(data))}",
            int(services.setting("GONGKAI_APPLICATIONS_RATE_PER_APPLICANT")),
            "同一申请人",
        ),
    ]


def rate_limited(request: HttpRequest, data: ApplicantData) -> str:
    """The Chinese reason a submission is refused, or "" (counts kept in Django's cache)."""
    window = int(services.setting("GONGKAI_APPLICATIONS_RATE_WINDOW"))
    for cache_key, limit, who in _buckets(request, data):
        if cache.get(cache_key, 0) >= limit:
            minutes = window // 60
            return f"{who}提交过于频繁，请{minutes}分钟后再试；如需提交大量申请，可以当面或邮寄提交"
    return ""


def count_submission(request: HttpRequest, data: ApplicantData) -> None:
    window = int(services.setting("GONGKAI_APPLICATIONS_RATE_WINDOW"))
    for cache_key, _, _ in _buckets(request, data):
        if cache.add(cache_key, 1, window) is False:
            try:
                cache.incr(cache_key)
            except ValueError:
                cache.set(cache_key, 1, window)
