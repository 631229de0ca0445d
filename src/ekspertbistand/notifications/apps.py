from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ekspertbistand.notifications"
