"""Authentication backends of the academy."""

from axes.backends import AxesStandaloneBackend


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout check (first in ``AUTHENTICATION_BACKENDS``, see accounts.security).

    Without a request there is no client to count (the shell, ``Client.login`` in tests): the
    check is skipped and the next backend decides, instead of axes raising an error.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
