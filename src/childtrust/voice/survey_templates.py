"""The pulse survey templates a strategic lead starts from. They live in code, not the database,
so that every survey made from a template asks the same questions and rounds can be compared.

Every agree-or-disagree statement is worded so that agreeing is the good answer ("My workload
is manageable", not "My workload is too high"): the share agreeing then reads the same way for
every theme, and the change-readiness rating can average them without turning any around."""

from __future__ import annotations

from dataclasses import dataclass

from childtrust.voice.models import QuestionKind, SurveyTheme


@dataclass(frozen=True)
class TemplateQuestion:
    text: str
    kind: QuestionKind
    theme: SurveyTheme | None = None


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    name: str
    description: str
    introduction: str
    questions: tuple[TemplateQuestion, ...]


def _agree(theme: SurveyTheme, text: str) -> TemplateQuestion:
    return TemplateQuestion(text=text, kind=QuestionKind.LIKERT, theme=theme)


def _free_text(text: str) -> TemplateQuestion:
    return TemplateQuestion(text=text, kind=QuestionKind.FREE_TEXT)


STAFF_THROUGH_CHANGE = SurveyTemplate(
    key="staff_through_change",
    name="Pulse: staff through change",
    description=(
        "Seven themes of change: the vision, expectations, involvement, confidence in leaders, "
        "workload, wellbeing and uncertainty. 12 statements and one open question, about five "
        "minutes."
    ),
    introduction="We want to know how the changes in the partnership feel from where you work.",
    questions=(
        _agree(SurveyTheme.CLARITY, "I understand the partnership's vision for children."),
        _agree(SurveyTheme.CLARITY, "I can see how my work contributes to the vision."),
        _agree(SurveyTheme.EXPECTATIONS, "I know what is expected of me in my role."),
        _agree(
            SurveyTheme.EXPECTATIONS,
            "I know what the changes mean for how I do my job day to day.",
        ),
        _agree(SurveyTheme.INVOLVEMENT, "I have had the chance to have my say about the changes."),
        _agree(SurveyTheme.INVOLVEMENT, "I believe my views will be listened to and acted on."),
        _agree(SurveyTheme.CONFIDENCE, "I have confidence in the partnership's leaders."),
        _agree(SurveyTheme.CONFIDENCE, "Leaders explain the reasons for the changes honestly."),
        _agree(SurveyTheme.WORKLOAD, "My workload is manageable."),
        _agree(SurveyTheme.WELLBEING, "I am coping well with the changes at work."),
        _agree(SurveyTheme.WELLBEING, "I know where to get support if the changes affect me."),
        _agree(SurveyTheme.UNCERTAINTY, "I feel settled about what the changes mean for me."),
        _free_text("What one thing would help you most through the changes?"),
    ),
)

WELLBEING_CHECK = SurveyTemplate(
    key="wellbeing_check",
    name="Wellbeing check",
    description=(
        "A short check on wellbeing, workload and uncertainty: four statements and one open "
        "question, about two minutes."
    ),
    introduction="A quick check on how you are while the partnership changes.",
    questions=(
        _agree(SurveyTheme.WELLBEING, "I am coping well with the changes at work."),
        _agree(SurveyTheme.WELLBEING, "I know where to get support if the changes affect me."),
        _agree(SurveyTheme.WORKLOAD, "My workload is manageable."),
        _agree(SurveyTheme.UNCERTAINTY, "I feel settled about what the changes mean for me."),
        _free_text("Is there anything you would like to tell us about how you are?"),
    ),
)

SURVEY_TEMPLATES: dict[str, SurveyTemplate] = {
    template.key: template for template in (STAFF_THROUGH_CHANGE, WELLBEING_CHECK)
}
