from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "childtrust.voice"
    label = "voice"
    verbose_name = "Staff voice"
