from django.urls import path

from . import views

urlpatterns = [
    path("bank/projects/", views.ProjectListView.as_view(), name="bank-projects"),
    path(
        "bank/projects/<str:external_id>/",
        views.ProjectDetailView.as_view(),
        name="bank-project",
    ),
    path("bank/templates/", views.TemplateListView.as_view(), name="bank-templates"),
    path("bank/templates/<str:code>/", views.TemplateDetailView.as_view(), name="bank-template"),
    path(
        "bank/templates/<str:code>/copy/",
        views.CopyTemplateView.as_view(),
        name="bank-template-copy",
    ),
    path("bank/plans/", views.PlanListView.as_view(), name="bank-plans"),
    path("bank/plans/<id:plan_id>/", views.PlanDetailView.as_view(), name="bank-plan"),
    path("bank/plans/<id:plan_id>/compute/", views.ComputeView.as_view(), name="bank-plan-compute"),
]
