from django.apps import AppConfig

from childtrust.core.navigation import NavItem, navigation_register
from childtrust.core.untraced import untraced_posts_register


class VoiceConfig(AppConfig):
    name = "childtrust.voice"
    label = "voice"
    verbose_name = "Staff voice"

    def ready(self) -> None:
        # The app's sections of the service navigation, each shown to those its access allows.
        from childtrust.voice.access import can_use_staff_voice, can_view_leaders_page

        navigation_register(
            NavItem(
                "Messages", "voice:cascade_my_messages", "voice/messages", 50, can_use_staff_voice
            ),
            NavItem("Surveys", "voice:survey_list", "voice/surveys", 60, can_use_staff_voice),
            NavItem("Feedback", "voice:feedback_home", "voice/feedback", 70, can_use_staff_voice),
            NavItem(
                "Staff voice", "voice:leaders_page", "voice/leaders", 80, can_view_leaders_page
            ),
        )
        # Sending feedback (named or not: the form is the same, and which one was chosen must
        # not show either) and answering a survey round leave no trace of when (core.untraced).
        untraced_posts_register("voice:feedback_raise", "voice:survey_answer")
        # Its records as the audit log names and links them (audit.objects; issue 14).
        from childtrust.audit.objects import audit_kinds_register
        from childtrust.voice.audit_kinds import audit_kinds

        audit_kinds_register(*audit_kinds())
        # What of this app needs the person signed in, for the home page (core.home).
        from childtrust.core.home import home_register
        from childtrust.voice.home import voice_needs

        home_register("voice", voice_needs, position=10)
