"""Signals the progress app owns.

``course_completed`` is sent exactly once per learner and course (guarded by
``CourseState.completed_at`` under a row lock), after the transaction that completed the last
required item has committed. kwargs: ``user``, ``course_key`` (the CoursePage translation_key),
``course`` (the CoursePage in the language the learner was using), ``completed_at``.
"""

from django.dispatch import Signal

course_completed = Signal()
