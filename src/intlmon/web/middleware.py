"""The interface language a user chose follows them: on every device, every session, after every login."""

from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    """After authentication: a logged-in user's saved language wins over the browser's and the cookie's.

    `LocaleMiddleware` has already picked a language from the URL, cookie or Accept-Language header; for
    a user with a saved preference (`Profile.language`, set by the language switcher) that choice is
    replaced, so a clerk who chose Kazakh gets Kazakh on a colleague's Russian browser too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request.user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


def preferred_language(user) -> str:
    if not user.is_authenticated:
        return ""
    profile = getattr(user, "portal", None)
    return profile.language if profile is not None else ""
