"""Every list of the API is paginated: ``?page=`` and ``?page_size=`` (at most
``MAX_PAGE_SIZE``; a larger value is cut down, never an error). A page past the end is 404."""

from rest_framework import pagination

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
