"""Pages leave the app compressed: Django's ``GZipMiddleware`` (which mitigates BREACH with
random-length padding), for HTML only. Static files are precompressed by whitenoise (gzip and
brotli), which answers before this middleware runs; the API's JSON is left to the proxy (nginx
``gzip_types``), so that API clients that ask for gzip but do not decode it keep working."""

from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
