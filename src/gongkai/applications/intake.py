"""The checks of online applications shared by the portal form, the staff registration form and the API:
the arithmetic question an applicant answers, the rate limits per network address and per applicant,
the one-submission token of the portal form, and the checks across fields of what is asked for."""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from gongkai.applications import services
from gongkai.applications.actions import ApplicantData, applicant_key
from gongkai.applications.models import ApplicantKind, Delivery, InfoForm
from gongkai.common import ratelimit
from gongkai.common.web import client_ip

CHALLENGE_SALT = "gongkai.applications.challenge"
CHALLENGE_MAX_AGE = 3600


@dataclass(frozen=True)
class Challenge:
    token: str  # signed, so the answer needs no server-side storage; only its use is remembered
    question: str


class ChallengeCheck(enum.Enum):
    PASSED = "passed"
    EXPIRED = "expired"  # older than CHALLENGE_MAX_AGE, already used, forged or mangled
    WRONG = "wrong"


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    # The nonce makes each token unique: two questions alike, asked in the same second, are two uses.
    payload = {"a": a, "b": b, "n": secrets.token_urlsafe(9)}
    return Challenge(signing.dumps(payload, salt=CHALLENGE_SALT), f"{a} 加 {b} 等于几？")


def check_challenge(token: str, answer: int | None) -> ChallengeCheck:
    """Checks the answer and uses the token up, right or wrong: a token answers one submission only, and
    a wrong answer cannot be followed by the next guess (the shared cache remembers it while it is valid)."""
    try:
        values = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        correct = int(values["a"]) + int(values["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return ChallengeCheck.EXPIRED
    used_key = "gk-challenge-used:" + hashlib.sha256(token.encode()).hexdigest()
    # add() is atomic: of two requests with the same token at once, only one finds it unused.
    if not cache.add(used_key, 1, CHALLENGE_MAX_AGE):
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
    """Counts the submission against its limits and returns the Chinese reason it is refused, or "".

    Check and count are one atomic step in the shared cache (gongkai.common.ratelimit): of many
    parallel submissions exactly the limit pass, in every worker together. A refused submission is
    not counted; one that passes counts even if the submission then fails its validation."""
    window = int(services.setting("GONGKAI_APPLICATIONS_RATE_WINDOW"))
    buckets = _buckets(request, data)
    refused = ratelimit.take([(key, limit) for key, limit, _ in buckets], window)
    if refused is None:
        return ""
    minutes = window // 60
    return f"{buckets[refused][2]}提交过于频繁，请{minutes}分钟后再试；如需提交大量申请，可以当面或邮寄提交"


# A submitted form's token is remembered for as long as a session lasts, so a resubmission (reload,
# back button, double click) finds the application it already created.
SUBMISSION_MAX_AGE = 8 * 3600
_SUBMISSION_TOKEN_LENGTH = 32


def new_submission_token() -> str:
    return secrets.token_hex(_SUBMISSION_TOKEN_LENGTH // 2)


def is_submission_token(token: str) -> bool:
    return len(token) == _SUBMISSION_TOKEN_LENGTH and all(ch in "0123456789abcdef" for ch in token)


def _submission_key(token: str) -> str | None:
    return f"gk-apply-submitted:{token}" if is_submission_token(token) else None


def submitted_with(token: str) -> int | None:
    """The application a form with this token already created, if any."""
    key = _submission_key(token)
    return cache.get(key) if key else None


def remember_submission(token: str, application_id: int) -> None:
    key = _submission_key(token)
    if key:
        cache.set(key, application_id, SUBMISSION_MAX_AGE)


def consistency_errors(data: ApplicantData) -> dict[str, str]:
    """What the applicant asked for that cannot be done as asked, by field, in words the applicant acts on.
    (The checks of each field alone are actions.clean_applicant's.)"""
    errors: dict[str, str] = {}
    if data.delivery == Delivery.POST:
        if data.info_form == InfoForm.EMAIL:
            errors["delivery"] = (
                "载体形式选了“电子邮件”，就不能邮寄：请把获取方式改为“电子邮件”或“网上查看”，或改选纸质等载体"
            )
        elif not (data.address or "").strip():
            errors["address"] = "选择邮寄方式获取信息时，请填写收件的通信地址"
    if data.applicant_kind == ApplicantKind.ORGANISATION and not (data.applicant_type or "").strip():
        errors["applicant_type"] = "请选择法人或其他组织的类别"
    return errors
