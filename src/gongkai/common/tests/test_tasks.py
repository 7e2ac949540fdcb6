import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from gongkai.common.tasks import send_email

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_email_task():
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DB_TASKS):
        result = send_email.enqueue(subject="测试", body="正文", recipients=["a@example.cn"])
        assert DBTaskResult.objects.filter(id=result.id, status="READY").exists()
        assert mail.outbox == []
        call_command("worker", batch=True, interval=0.1, stdout=io.StringIO(), stderr=io.StringIO())
        assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["测试"]
    assert mail.outbox[0].to == ["a@example.cn"]
