"""The working-day calendar (app label ``workcalendar``): counting 工作日 the Chinese way.

For other apps:

- ``gongkai.calendar.workdays.add_working_days(start, n)`` → ``WorkDate(date, provisional)``: the n-th
  working day after ``start`` on the site's calendar, the start day not counted (民法典 第二百零一条 by
  analogy), e.g. the 条例 第三十三条 answer deadline. ``working_days_between(a, b)`` →
  ``WorkCount(days, provisional)``. ``gongkai.calendar.cache.get_calendar()`` gives the site's
  ``WorkingCalendar`` itself (the pure arithmetic of ``gongkai.calendar.rules``), for many computations.
- ``provisional`` is True when the span reaches a year whose 国办 arrangement is not confirmed; show such
  dates with ``{% load workcalendar %}{{ value|workdate }}`` (or the include ``calendar/workdate.html``)
  so they carry the 暂定 badge on every screen.
- ``gongkai.calendar.recompute.register_recompute(callback)`` in your ``AppConfig.ready()``: called with
  the changed years after a year is imported, confirmed or edited, to recompute stored deadlines.
- Writes go through ``gongkai.calendar.actions`` only.
"""
