"""The cooperative manager's views over HTTP: the cooperatives they manage and the members ×
courses dashboard, with the site's filters. Another cooperative answers 404; members' profile
details are never sent (names and course progress only, as on the site); every read of the
dashboard is written to the audit trail, like the site's."""

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from wagtail.models import Locale

from .. import selectors, services
from . import serializers as s


def _cooperative(cooperative) -> dict:
    return {
        "id": cooperative.pk,
        "name": cooperative.name,
        "name_ar": cooperative.name_ar,
        "name_fr": cooperative.name_fr,
        "register_number": cooperative.register_number,
        "region": cooperative.region,
        "sector": cooperative.sector,
        "trained_at": cooperative.trained_at,
    }


@extend_schema(tags=["cooperatives"])
class MyCooperativesView(generics.ListAPIView):
    """The cooperatives I manage (an empty list for everyone else)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.CooperativeSerializer

    def get_queryset(self):
        return [_cooperative(c) for c in selectors.managed_cooperatives(user=self.request.user)]


def _page_size(value) -> int:
    """``?page_size=`` cut down to the maximum of every list of the API (its pagination class)."""
    largest = api_settings.DEFAULT_PAGINATION_CLASS.max_page_size
    try:
        return max(1, min(largest, int(value)))
    except (TypeError, ValueError):
        return 50


@extend_schema(
    tags=["cooperatives"],
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Words of a member's name."),
        OpenApiParameter("course", OpenApiTypes.UUID, description="One assigned course."),
        OpenApiParameter(
            "status",
            OpenApiTypes.STR,
            enum=["not_started", "in_progress", "stalled", "completed"],
        ),
        OpenApiParameter("sort", OpenApiTypes.STR, enum=["name", "progress", "activity"]),
        OpenApiParameter("page", OpenApiTypes.INT),
        OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
    ],
    responses=s.DashboardSerializer,
)
class DashboardView(APIView):
    """Members × assigned courses: progress, best score per module quiz, certificate, last
    activity. Unknown filter values are ignored, as on the site."""

    permission_classes = [IsAuthenticated]

    def get(self, request, cooperative_id: int):
        cooperative = selectors.managed_cooperative_or_404(
            user=request.user, cooperative_id=cooperative_id
        )
        board = selectors.dashboard(
            cooperative=cooperative,
            locale=Locale.get_active(),
            params=request.query_params,
            page_size=_page_size(request.query_params.get("page_size")),
        )
        services.log_access(
            actor=request.user,
            cooperative=cooperative,
            action=services.DASHBOARD,
            detail={"members": len(board.lines), "shown": len(board.page.object_list), "api": 1},
        )
        shares = {column.key: share for column, share in board.course_shares}
        data = {
            "cooperative": _cooperative(cooperative),
            "courses": [
                {
                    "course_key": column.key,
                    "title": column.course.title,
                    "target_date": column.target_date,
                    "items": column.total,
                    "completed_share": shares.get(column.key, 0),
                }
                for column in board.columns
            ],
            "active_members": board.active,
            "invited_members": board.invited,
            "count": board.page.paginator.count,
            "page": board.page.number,
            "pages": board.page.paginator.num_pages,
            "members": [
                {
                    "membership_id": line.membership_id,
                    "name": line.name,
                    "state": line.state,
                    "percent": line.percent,
                    "last_activity": line.last_activity,
                    "courses": [
                        {
                            "course_key": column.key,
                            "status": cell.status,
                            "percent": cell.percent,
                            "done": cell.done,
                            "total": cell.total,
                            "completed_at": cell.completed_at,
                            "last_activity": cell.last_activity,
                            "quiz_scores": cell.quiz_scores,
                            "certified": cell.certificate is not None,
                        }
                        for column, cell in zip(board.columns, line.cells, strict=False)
                    ],
                }
                for line in board.page.object_list
            ],
        }
        response = Response(s.DashboardSerializer(data).data)
        response["Cache-Control"] = "private, no-store"
        response["Content-Language"] = get_language() or "ar"
        return response
