"""drf-spectacular hooks: the schema documents our API (``/api/v1/``) only, not Wagtail's
admin API that shares DRF."""

API_PATH = "/api/v1/"


def only_our_api(endpoints, **kwargs):
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(API_PATH) and not path.startswith(API_PATH + "schema")
    ]
