from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenLoginView.as_view(), name="auth-token"),
    path("auth/signup/", views.SignupView.as_view(), name="auth-signup"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/tokens/", views.TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<id:token_id>/", views.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("me/", views.ProfileView.as_view(), name="me"),
]
