"""Starter prompts: what Cohort posts when a community's own topic bank is empty.

Written for learning communities, interleaved by theme so consecutive weeks differ: reflection,
resources, wins, goals, helping, and "coffee shop" social prompts. Every prompt invites without
demanding; reading along is also learning.
"""

from __future__ import annotations

from bot.i18n import N_

STARTER_THEMES: tuple[str, ...] = ("reflection", "resources", "wins", "goals", "helping", "social")

STARTER_TOPICS: tuple[str, ...] = (
    N_("What is one idea from this week that changed how you think about the subject?"),
    N_("Share a resource (an article, video, tool or book) that helped you recently, and say why."),
    N_("What is a win from this week, big or small, that you would like to celebrate?"),
    N_("What is one thing you want to learn or finish this coming week?"),
    N_(
        "Is there a concept you would like someone to explain another way? Ask here; "
        "others can help."
    ),
    N_("What are you drinking while you study today, and where are you working from?"),
    N_("What surprised you most in what you learned recently?"),
    N_(
        "Which podcast, newsletter or channel do you return to for this subject? "
        "What makes it good?"
    ),
    N_("Tell us about something that finally clicked for you lately."),
    N_("What is getting in the way of your learning right now, and what might help?"),
    N_("Pick one thing you understand well and explain it in three sentences for someone newer."),
    N_("What hobby or interest outside this course do you bring your curiosity to?"),
    N_("If you had to teach one thing from this week to a friend, what would it be?"),
    N_("What is the most useful tool or shortcut in your learning setup?"),
    N_("Did you help someone or get helped this week? Share the moment and thank them."),
    N_("What does a good study week look like for you, and what would make this one good?"),
    N_("What is a question you are still stuck on? Describe what you have tried so far."),
    N_("What music, sound or silence helps you focus?"),
    N_("What mistake taught you the most recently?"),
    N_("Share a free resource you wish you had found sooner."),
    N_("What progress have you made since you joined this community?"),
    N_("Name one small habit you want to try this week to keep learning steady."),
    N_("Which explanation or example from someone here helped you? Say what made it work."),
    N_("What is the best thing you read, watched or listened to this month, on any topic?"),
    N_("How has your understanding of the subject changed since you started?"),
    N_("Which book would you recommend to someone starting out, and what is it best for?"),
    N_("Share something you made, wrote or solved recently, even if it is unfinished."),
    N_("What would make it easier for you to keep going when motivation dips?"),
    N_("What advice would you give someone who joined this community today?"),
    N_("Where would you most like to travel to learn something new?"),
    N_("Which connection between this subject and your work or life did you notice this week?"),
    N_("What is a tool or method you tried and would not recommend? Why not?"),
    N_("What are you proud of that nobody else may have noticed?"),
    N_("What is one goal for this month, and how will you know you reached it?"),
    N_("Post a question you think others may be wondering about too. Answers welcome."),
    N_("What is a skill you would love to swap with someone here?"),
    N_("What do you understand now that you could not have explained a month ago?"),
    N_("Which course, talk or tutorial would you like to go through together with others here?"),
    N_("Share a moment from this week when you felt like a real practitioner of the subject."),
    N_("What is one obstacle you overcame, and how did you get past it?"),
    N_("Who in your life or in this community has helped your learning, and how?"),
    N_("What is your favourite way to take a break between study sessions?"),
    N_("What question would you ask an expert in this field if you had five minutes?"),
    N_("Which website, template or checklist saves you time? Share the link and how you use it."),
    N_("What milestone are you close to? Tell us so we can cheer you on."),
    N_("What will you do differently next week, based on what you noticed this week?"),
    N_("Is there a topic you would like to study with a buddy? Say so and someone may join you."),
    N_("What is something that made you smile this week?"),
)


def starter_topic(index: int) -> str:
    """Return the starter prompt for turn `index`, starting over after the last one.

    The English text, as the catalogue knows it: `_()` it where it is shown.
    """
    return STARTER_TOPICS[index % len(STARTER_TOPICS)]
