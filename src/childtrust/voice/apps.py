from django.apps import AppConfig

from childtrust.core.navigation import PageRow, navigation_register, section_pages
from childtrust.core.untraced import untraced_posts_register


class VoiceConfig(AppConfig):
    name = "childtrust.voice"
    label = "voice"
    verbose_name = "Staff voice"

    def ready(self) -> None:
        # The app's pages in the Voice section, each shown to those its access allows.
        from childtrust.voice import access

        staff = access.can_use_staff_voice
        pages: list[PageRow] = [
            ("My messages", "cascade_my_messages", "voice/messages", staff),
            ("Send and track messages", "cascade_message_list", "voice/messages/sent",
             access.can_send_messages),
            ("Staff surveys", "survey_list", "voice/surveys", staff),
            ("Feedback", "feedback_home", "voice/feedback", staff),
            ("You said, we did", "feedback_published_list", "voice/feedback/you-said-we-did",
             access.can_read_published_feedback),
            ("Staff voice", "leaders_page", "voice/leaders", access.can_view_leaders_page),
        ]  # fmt: skip
        navigation_register(*section_pages("voice", "voice", pages))
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
