import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import (
    ROLE_PERMS,
    ROLE_SCOPE,
    Perm,
    Scope,
    agencies_with,
    has_perm,
    require,
)

pytestmark = pytest.mark.django_db


def test_clerk_sees_own_agency_only(county):
    assert has_perm(county.clerk_a, Perm.VIEW_INTERNAL, county.dept_a)
    assert not has_perm(county.clerk_a, Perm.VIEW_INTERNAL, county.dept_b)
    assert not has_perm(county.clerk_a, Perm.VIEW_INTERNAL, county.gov)
    assert set(agencies_with(county.clerk_a, Perm.VIEW_INTERNAL)) == {county.dept_a}


def test_clerk_cannot_review_or_approve_extension(county):
    assert has_perm(county.clerk_a, Perm.EDIT, county.dept_a)
    assert not has_perm(county.clerk_a, Perm.REVIEW, county.dept_a)
    assert has_perm(county.reviewer_a, Perm.REVIEW, county.dept_a)
    assert not has_perm(county.reviewer_a, Perm.APPROVE_EXTENSION, county.dept_a)
    assert has_perm(county.head_a, Perm.APPROVE_EXTENSION, county.dept_a)


def test_supervisor_sees_whole_subtree_but_does_not_edit(county):
    visible = set(agencies_with(county.supervisor, Perm.VIEW_INTERNAL))
    assert visible == {county.gov, county.dept_a, county.dept_b, county.township, county.village}
    assert has_perm(county.supervisor, Perm.OVERSEE, county.village)
    assert not has_perm(county.supervisor, Perm.EDIT, county.dept_a)


def test_township_supervisor_scope_stops_at_its_subtree(county):
    visible = set(agencies_with(county.township_supervisor, Perm.VIEW_INTERNAL))
    assert visible == {county.township, county.village}
    assert not has_perm(county.township_supervisor, Perm.VIEW_INTERNAL, county.dept_a)


def test_system_admin_may_do_everything(county):
    for perm in Perm:
        assert has_perm(county.admin, perm, county.village)
    assert has_perm(county.admin, Perm.MANAGE_SYSTEM, None)
    assert agencies_with(county.admin, Perm.MANAGE_SYSTEM).count() == 5


def test_anonymous_and_inactive_users_have_nothing(county):
    assert not has_perm(AnonymousUser(), Perm.VIEW_INTERNAL, county.dept_a)
    county.clerk_a.is_active = False
    assert not has_perm(county.clerk_a, Perm.VIEW_INTERNAL, county.dept_a)
    assert not agencies_with(AnonymousUser(), Perm.VIEW_INTERNAL).exists()


def test_require_raises_with_chinese_message(county):
    with pytest.raises(PermissionDenied, match="测试县乙局"):
        require(county.clerk_a, Perm.VIEW_INTERNAL, county.dept_b)


def test_has_perm_and_agencies_with_agree_for_every_user_perm_and_agency(county):
    from gongkai.agencies.models import Agency

    users = [
        county.clerk_a,
        county.reviewer_a,
        county.head_a,
        county.clerk_b,
        county.supervisor,
        county.township_supervisor,
        county.admin,
    ]
    for user in users:
        for perm in Perm:
            listed = set(agencies_with(user, perm))
            for agency in Agency.objects.all():
                assert (agency in listed) == has_perm(user, perm, agency), (user, perm, agency)


def test_roles_are_data():
    assert set(ROLE_PERMS) == set(Role) == set(ROLE_SCOPE)
    assert ROLE_SCOPE[Role.SUPERVISOR] is Scope.SUBTREE
