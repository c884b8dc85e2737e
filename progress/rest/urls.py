from django.urls import path

from . import views

urlpatterns = [
    path("courses/<id:course_id>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("lessons/<id:lesson_id>/", views.LessonView.as_view(), name="lesson"),
    path("lessons/<id:lesson_id>/complete/", views.CompleteView.as_view(), name="lesson-complete"),
    path("progress/events/", views.EventBatchView.as_view(), name="progress-events"),
    path("me/learning/", views.MyLearningView.as_view(), name="my-learning"),
]
