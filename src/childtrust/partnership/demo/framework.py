"""The demo's shared vision and outcomes framework: the five Every Child Matters outcomes, their
priorities and indicators, and which agencies commit to what (one gap, several overlaps)."""

from __future__ import annotations

from datetime import date

from childtrust.partnership.demo.specs import OutcomeSpec, PrioritySpec

VISION_TEXT = (
    "Every child and young person in Southampton grows up safe, healthy and happy, and leaves "
    "childhood ready for adult life. The partners will work as one around each child and "
    "family: sharing what we know, helping early, and judging ourselves by whether children "
    "are better off."
)
VISION_ADOPTED_ON = date(2026, 3, 19)
VISION_ADOPTED_BY = "Children's Trust Board"

OUTCOMES: tuple[OutcomeSpec, ...] = (
    OutcomeSpec(
        name="Be healthy",
        description="Physically, mentally and emotionally healthy, with healthy lifestyles.",
        priorities=(
            PrioritySpec(
                title="Improve children's oral health",
                description="Fewer young children with tooth decay, and fewer tooth extractions "
                "under general anaesthetic.",
                indicators=(
                    (
                        "Hospital admissions for dental caries (0 to 5 years)",
                        "Rate per 100,000: tooth extractions under general anaesthetic.",
                    ),
                    (
                        "5 year olds with experience of visibly obvious dental decay",
                        "Percentage, from the national dental epidemiology survey.",
                    ),
                ),
                commitments=(
                    (
                        "community-health",
                        "Supervised toothbrushing in nurseries and reception "
                        "classes; oral health advice at every health visiting contact.",
                    ),
                    (
                        "childrens-services",
                        "Oral health sessions and free toothbrushes in every family hub.",
                    ),
                ),
            ),
            PrioritySpec(
                title="Improve children and young people's mental health",
                description="Help early for anxiety and low mood, and quicker specialist help "
                "when needed.",
                indicators=(
                    (
                        "Hospital admissions as a result of self-harm (10 to 24 years)",
                        "Directly standardised rate per 100,000.",
                    ),
                    (
                        "Young people waiting more than 4 weeks for CAMHS treatment",
                        "Percentage of accepted referrals; local data.",
                    ),
                ),
                commitments=(
                    ("camhs", "Mental health support teams in every secondary school by 2028."),
                    (
                        "education-partnership",
                        "A trained senior mental health lead in every school.",
                    ),
                    ("community-health", "School nurse drop-ins with a wellbeing check."),
                    ("harbour-counselling", "Counselling without a referral or a waiting list."),
                    ("youth-trust", "Youth workers trained in mental health first aid."),
                ),
            ),
            PrioritySpec(
                title="Reduce childhood obesity",
                description="More children at a healthy weight when they start and when they "
                "leave primary school.",
                indicators=(
                    (
                        "Reception: prevalence of obesity (including severe obesity)",
                        "Percentage, from the National Child Measurement Programme.",
                    ),
                    (
                        "Year 6: prevalence of obesity (including severe obesity)",
                        "Percentage, from the National Child Measurement Programme.",
                    ),
                ),
                commitments=(
                    ("community-health", "A healthy weight service for families."),
                    ("education-partnership", "Daily physical activity in every primary school."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Stay safe",
        description="Safe from maltreatment, neglect, violence, exploitation, bullying and crime.",
        priorities=(
            PrioritySpec(
                title="Protect children from abuse and neglect",
                description="Recognise harm early, act together, and stop it happening again.",
                indicators=(
                    ("Child protection plans: rate per 10,000 children", "Local data."),
                    (
                        "Re-referrals to children's social care within 12 months",
                        "Percentage of referrals.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "Every contact screened within one working day."),
                    ("police-ppu", "Officers in the safeguarding hub every day of the year."),
                    (
                        "community-health",
                        "Named nurses and safeguarding supervision for every "
                        "health visitor and school nurse.",
                    ),
                    (
                        "education-partnership",
                        "A trained designated safeguarding lead in every school.",
                    ),
                ),
            ),
            PrioritySpec(
                title="Keep children safe from exploitation and going missing",
                description="Fewer children going missing, and quicker help for those at risk of "
                "criminal or sexual exploitation.",
                indicators=(
                    (
                        "Children reported missing from home or care",
                        "Episodes per year; local data.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "A missing and exploited children team."),
                    ("childrens-services", "Return home interviews within three days."),
                    ("youth-trust", "Detached youth work where young people are at risk."),
                ),
            ),
            PrioritySpec(
                title="Reduce the harm to children from domestic abuse",
                description="Children who live with domestic abuse are noticed and supported.",
                indicators=(
                    (
                        "Domestic abuse-related incidents and crimes: rate per 1,000",
                        "Police recorded; population aged 16 and over.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "Schools told before the next school day."),
                    ("itchen-families", "Recovery groups for children and mothers."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Enjoy and achieve",
        description="Ready for school, attending and enjoying school, and achieving well.",
        priorities=(
            PrioritySpec(
                title="Improve school readiness",
                description="More children ready for school at the end of Reception, especially "
                "those from low-income families.",
                indicators=(
                    (
                        "Children achieving a good level of development at the end of Reception",
                        "Percentage.",
                    ),
                    (
                        "Children with free school meal status achieving a good level of "
                        "development at the end of Reception",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "Family hubs in every locality."),
                    ("community-health", "The two-and-a-half year review for every child."),
                    ("education-partnership", "Early years language programmes in nurseries."),
                ),
            ),
            PrioritySpec(
                title="Improve school attendance",
                description="Fewer pupils missing one day in ten or more.",
                indicators=(
                    ("Persistent absence", "Percentage of pupils missing 10% or more of sessions."),
                ),
                commitments=(
                    (
                        "education-partnership",
                        "Education welfare officers working with every school.",
                    ),
                    ("itchen-families", "Morning routines support for families."),
                ),
            ),
        ),
    ),
    OutcomeSpec(
        name="Make a positive contribution",
        description="Taking part in decisions, in the community, and staying out of trouble.",
        priorities=(
            PrioritySpec(
                title="Reduce first-time entrants to the youth justice system",
                description="Fewer young people getting a criminal record for a first, low-level "
                "offence.",
                indicators=(
                    (
                        "First time entrants to the youth justice system",
                        "Rate per 100,000 aged 10 to 17.",
                    ),
                ),
                commitments=(
                    ("police-ppu", "A youth diversion scheme for first offences."),
                    ("youth-trust", "Youth workers for every young person diverted."),
                ),
            ),
            PrioritySpec(
                title="Give children and young people a say in the services they use",
                description="Young people help design and review the services meant for them.",
                indicators=(
                    ("Services reviewed by young inspectors", "Number per year; local data."),
                ),
                commitments=(("youth-trust", "A youth council and a team of young inspectors."),),
            ),
        ),
    ),
    OutcomeSpec(
        name="Achieve economic well-being",
        description="In education, employment or training after school, and free from the effects "
        "of poverty.",
        priorities=(
            PrioritySpec(
                title="Reduce the number of young people not in education, employment or training",
                description="More 16 and 17 year olds in learning or work.",
                indicators=(
                    (
                        "16 to 17 year olds not in education, employment or training (NEET) or "
                        "whose activity is not known",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("youth-trust", "Careers advisers for every young person who is NEET."),
                    ("education-partnership", "Tracking every pupil's destination after Year 11."),
                ),
            ),
            PrioritySpec(
                title="Reduce child poverty",
                description="Fewer children growing up in low-income families, and less harm to "
                "those who do.",
                indicators=(
                    ("Children in relative low income families (under 16s)", "Percentage."),
                ),
                commitments=(),  # a gap: no partner has committed to it yet
            ),
            PrioritySpec(
                title="Support care leavers into education, employment or training",
                description="Care leavers have the same chances as other young people.",
                indicators=(
                    (
                        "Care leavers aged 19 to 21 in education, employment or training",
                        "Percentage.",
                    ),
                ),
                commitments=(
                    ("childrens-services", "A personal adviser for every care leaver up to 25."),
                ),
            ),
        ),
    ),
)
