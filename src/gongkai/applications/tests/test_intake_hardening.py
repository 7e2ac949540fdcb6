"""The abuse protections of online applications hold under attack (security probe, findings 2 and 16;
keep-it-closed test c; docs/security.md): parallel posts pass exactly the rate limit, in the shared
cache, and an answered question cannot be used again."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from gongkai.applications import intake
from gongkai.applications.models import Application
from gongkai.common.tests.redis import redis_cache_settings

ON_POSTGRES = os.environ.get("GONGKAI_TEST_DB") == "postgres"


def _answered(client: Client) -> dict:
    challenge = client.get("/api/applications/challenge").json()
    a, b = (int(x) for x in challenge["question"].split(" 等于")[0].split(" 加 "))
    return {"challenge": challenge["token"], "answer": a + b}


def _body(agency, id_number: str, answered: dict) -> str:
    return json.dumps(
        {
            "agency": agency.code,
            "applicant_kind": "person",
            "applicant_name": "孙八",
            "id_type": "passport",
            "id_number": id_number,
            "description": "某路段改造工程批复文件",
            "phone": "13800000000",
            "address": "测试县某路1号",  # the default 获取方式 is 邮寄
            **answered,
        }
    )


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings) -> Iterator[str]:
    """Each shared cache a deployment may have: the database table, and the real Redis."""
    if request.param == "redis":
        for caches_setting in redis_cache_settings():
            settings.CACHES = caches_setting
            yield request.param
    else:
        cache.clear()
        yield request.param
        cache.clear()


@pytest.mark.skipif(not ON_POSTGRES, reason="waits for the PostgreSQL run: SQLite serialises writers, no race to test")
@pytest.mark.django_db(transaction=True)
def test_finding_02_parallel_online_submissions_pass_exactly_the_limit(shared_cache, county, seeded, settings) -> None:
    """Keep-it-closed (c): 15 applicants post at once from one address with a limit of 5 an hour; the
    check and the count used to be apart, so all 15 passed."""
    settings.GONGKAI_APPLICATIONS_RATE_PER_IP = 5
    posts = 15
    clients = [Client() for _ in range(posts)]
    bodies = [_body(county.dept_a, f"E{n:04d}", _answered(client)) for n, client in enumerate(clients)]
    statuses: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(posts)

    def post(client: Client, body: str) -> None:
        try:
            barrier.wait()
            statuses.append(client.post("/api/applications", body, content_type="application/json").status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=pair) for pair in zip(clients, bodies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(statuses) == [201] * 5 + [422] * 10
    assert Application.objects.count() == 5


@pytest.mark.django_db
def test_rate_limit_refusal_by_one_limit_gives_the_other_back(client, county, seeded, settings) -> None:
    """The count is taken with the check; a refusal by one limit gives the other limit's count back."""
    cache.clear()
    settings.GONGKAI_APPLICATIONS_RATE_PER_IP = 2
    settings.GONGKAI_APPLICATIONS_RATE_PER_APPLICANT = 1
    post = lambda id_number: client.post(  # noqa: E731
        "/api/applications", _body(county.dept_a, id_number, _answered(client)), content_type="application/json"
    )
    assert post("E1").status_code == 201
    refused = post("E1")  # the applicant's limit: the address's count is given back
    assert refused.status_code == 422 and "同一申请人提交过于频繁" in refused.json()["errors"]["__all__"][0]
    assert post("E2").status_code == 201
    assert "本网络地址提交过于频繁" in post("E3").json()["errors"]["__all__"][0]
    assert Application.objects.count() == 2
    cache.clear()


@pytest.mark.django_db
def test_finding_16_challenge_is_single_use(client, county, seeded) -> None:
    cache.clear()
    answered = _answered(client)
    first = client.post("/api/applications", _body(county.dept_a, "E1", answered), content_type="application/json")
    assert first.status_code == 201
    replay = client.post("/api/applications", _body(county.dept_a, "E2", answered), content_type="application/json")
    assert replay.status_code == 422 and "challenge" in replay.json()["errors"]
    assert Application.objects.count() == 1
    cache.clear()


@pytest.mark.django_db
def test_finding_16_a_wrong_answer_uses_the_question_up() -> None:
    """Otherwise one token would allow guessing all seventeen sums."""
    cache.clear()
    issued = intake.new_challenge()
    a, b = (int(x) for x in issued.question.split(" 等于")[0].split(" 加 "))
    assert intake.check_challenge(issued.token, a + b + 1) is intake.ChallengeCheck.WRONG
    assert intake.check_challenge(issued.token, a + b) is intake.ChallengeCheck.EXPIRED
    assert intake.new_challenge().token != intake.new_challenge().token
    cache.clear()
