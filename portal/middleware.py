from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class CzechFirstLocaleMiddleware(LocaleMiddleware):
    """Czech unless the person chose English (language switch or profile, kept in a cookie).

    The browser's Accept-Language is ignored on purpose: officials on English-language systems
    still work in Czech, and the documents they write are Czech.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
