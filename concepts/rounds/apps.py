from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "concepts.rounds"
    label = "rounds"
