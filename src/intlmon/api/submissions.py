"""Submissions (an HEI's versions) with their history, and the workflow's actions as POST endpoints.

Authenticated only. What a caller sees is `workflow.visible_to` (a clerk their HEI's versions; another HEI's
is 404, so its existence does not leak); every action goes through `collection.workflow.transition` with the
caller's `Actor`, which alone decides whether the role may (403) and the state allows it (409).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from intlmon.api import params
from intlmon.api.permissions import HasRole, actor_of, submission_or_404, visible_submissions
from intlmon.api.problems import ProblemError, problem
from intlmon.api.serializers import ActionSerializer, HistorySerializer, SubmissionSerializer
from intlmon.collection.models import Submission
from intlmon.collection.workflow import NotAllowed, TransitionError, history, transition

STATUS = OpenApiParameter("status", OpenApiTypes.STR, enum=list(Submission.Status.values))
CURRENT = OpenApiParameter("current", OpenApiTypes.BOOL, description="only each HEI's current version")
REFUSED = {403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT}


def _act(name: str):
    @extend_schema(request=ActionSerializer, responses={200: SubmissionSerializer, 400: OpenApiTypes.OBJECT,
                                                        **REFUSED})
    def act(self, request, pk=None):
        submission = submission_or_404(request, pk)
        form = ActionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            moved = transition(submission, name, actor_of(request), form.validated_data["comment"])
        except NotAllowed as refused:
            raise ProblemError(problem("workflow_refused", reason=str(refused)),
                               status_code=status.HTTP_403_FORBIDDEN) from None
        except TransitionError as wrong:
            raise ProblemError(problem("workflow_refused", reason=str(wrong)),
                               status_code=status.HTTP_409_CONFLICT) from None
        return Response(SubmissionSerializer(moved).data)

    act.__name__ = f"{name}_action"
    act.__doc__ = f"The workflow's '{name}' on this version, as the caller."
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(act)


@extend_schema_view(list=extend_schema(parameters=[params.YEAR, params.INSTITUTION, STATUS, CURRENT]))
class SubmissionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SubmissionSerializer
    permission_classes = [HasRole]
    queryset = Submission.objects.none()

    def get_queryset(self):
        qs = visible_submissions(self.request).order_by("institution_id", "period__year", "version")
        year = params.integer(self.request, "year")
        if year is not None:
            qs = qs.filter(period__year=year)
        institution = params.text(self.request, "institution")
        if institution:
            qs = qs.filter(institution_id=institution)
        state = params.choice(self.request, "status", Submission.Status.values)
        if state:
            qs = qs.filter(status=state)
        if params.flag(self.request, "current"):
            qs = qs.filter(is_current=True)
        return qs

    def get_object(self):
        return submission_or_404(self.request, self.kwargs["pk"])

    @extend_schema(responses={200: HistorySerializer(many=True), 404: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every recorded step of this version: upload and transitions with actor, time and comment."""
        submission = submission_or_404(request, pk)
        steps = history(Submission.objects.filter(pk=submission.pk))
        return Response(HistorySerializer(steps, many=True).data)

    # the attribute names are the handlers' names: DRF maps a route's method to the attribute of that name
    submit_action = _act("submit")
    approve_action = _act("approve")
    return_action = _act("return")
    lock_action = _act("lock")
    reopen_action = _act("reopen")
