from django.urls import path

from . import views

app_name = "projectbank"

urlpatterns = [
    path("", views.catalogue_view, name="catalogue"),
    path("directory/", views.directory_view, name="directory"),
    path("for-me/", views.for_me, name="for_me"),
    path("p/<str:external_id>/", views.project_view, name="project"),
    path("models/<str:code>/", views.template_view, name="template"),
    path("models/<str:code>/plan.json", views.template_json, name="template_json"),
    path("models/<str:code>/copy/", views.copy_template, name="copy_template"),
    path("plans/", views.my_plans, name="my_plans"),
    path("ideas/", views.my_ideas, name="my_ideas"),
    path("ideas/new/", views.propose_idea, name="propose_idea"),
    path("plans/<id:plan_id>/", views.plan_page, name="plan"),
    path("plans/<id:plan_id>/plan.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("plans/<id:plan_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
