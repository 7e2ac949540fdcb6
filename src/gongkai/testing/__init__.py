"""Support for the test suite, shared by every app's tests.

- ``gongkai.testing.plugin``: the pytest plugin with the shared fixtures (``county``, ``cal``,
  ``package_calendar``, ``seeded``, ``browser``, ``page``, ``shared``, ``samples``), registered by the
  repository's root ``conftest.py``.
- ``gongkai.testing.helpers``: functions tests import (agencies and users, applications, ``at()``,
  screenshots and accessibility checks).
- ``gongkai.testing.calendar_fixture``: the suite's fixed working-day calendar
  (``calendar_fixture.json``), so no test depends on what the installed ``holidays`` package knows.

Nothing here is imported by the application itself.
"""
