"""The comments under the demo posts, in outreach's comments template (collectors/manual.py).

About 400 comments, spread over the posts in proportion to each post's own comment
count, written from the sentences in ``content`` by mood: praise, questions to the
admin, complaints, sarcasm, Javanese, English, emoji, tagging a friend. The mood mix
follows the post: testimonials draw more warmth, governance and road posts more
complaints, tourism more English. The office answers some questions and complaints.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from outreach.demo import content, formats, plan
from outreach.demo.plan import WIB, Post

TARGET = 380  # comments by the public; the office's replies come on top
END = plan.wib(plan.TODAY, 0, 0)  # nothing after the last day of the demo period
REPLY_RATE = {"question": 0.3, "complaint": 0.35, "praise": 0.04}  # how often the office answers
MOODS = {
    "praise": 30, "question": 14, "complaint": 9, "sarcasm": 5, "javanese": 6, "english": 4,
    "emoji": 7, "tag": 5, "topic_praise": 12, "topic_question": 10,
}  # fmt: skip


def handles(rng: random.Random, count: int = 160) -> list[str]:
    made: list[str] = []
    while len(made) < count:
        tail = rng.choice(content.HANDLE_TAILS)
        joint = "" if tail.startswith("_") else rng.choice(["", "_", ".", "_"])
        name = rng.choice(content.HANDLE_NAMES) + joint + tail
        if name not in made:
            made.append(name)
    return made


def _moods(post: Post) -> dict[str, float]:
    weights: dict[str, float] = dict(MOODS)
    item = post.item
    if item.variant in ("testimoni", "cerita-umkm"):
        weights["praise"] += 10
        weights["topic_praise"] += 10
    if item.pillar in ("governance", "living") or post.type == "reply":
        weights["complaint"] += 7
        weights["sarcasm"] += 2
    if item.pillar == "branding":
        weights["english"] += 4
        weights["praise"] += 6
    if post.platform == "tiktok":
        weights["emoji"] += 5
        weights["tag"] += 4
    return weights


def _topics(post: Post, index: int) -> list[str]:
    keys = [post.key, post.item.campaign or "", post.item.pillar]
    lists = [content.TOPIC[k][index] for k in keys if k in content.TOPIC]
    return [sentence for entries in lists for sentence in entries]


def _decorate(rng: random.Random, sentence: str, kind: str) -> str:
    opener = rng.choice(content.OPENERS[kind])
    # No "Halo min, ..." before a sentence that already says "min", no "Alhamdulillah" twice.
    words = {w.strip(",.!?").lower() for w in sentence.split()}
    if any(w.strip(",").lower() in words for w in opener.split()):
        opener = ""
    if opener and not sentence.startswith(("Sukamaju", "SiMaju")):
        sentence = sentence[0].lower() + sentence[1:]
    tail = rng.choice(content.TAILS[kind])
    if not sentence[-1].isalpha() and tail in ("!!", "?"):
        tail = ""
    if (sentence.endswith("?") or "min" in words) and tail in ("?", " min 🙏"):
        tail = " 🙏"
    return (opener + sentence + tail).strip()


def text_for(rng: random.Random, post: Post, people: list[str]) -> tuple[str, str]:
    """(mood, text) of one comment under ``post``."""
    weights = _moods(post)
    praise, questions = _topics(post, 0), _topics(post, 1)
    if not praise:
        weights["topic_praise"] = 0
    if not questions:
        weights["topic_question"] = 0
    mood = rng.choices(list(weights), weights=list(weights.values()))[0]
    if mood in ("praise", "topic_praise"):
        text = _decorate(rng, rng.choice(content.PRAISE if mood == "praise" else praise), "praise")
    elif mood in ("question", "topic_question"):
        text = _decorate(rng, rng.choice(content.QUESTIONS if mood == "question" else questions), "question")
    elif mood == "tag":
        friend, friend2 = rng.sample(people, 2)
        text = rng.choice(content.TAGS).format(friend=friend, friend2=friend2)
    else:
        pool = {
            "complaint": content.COMPLAINTS, "sarcasm": content.SARCASM, "javanese": content.JAVANESE,
            "english": content.ENGLISH, "emoji": content.EMOJI_ONLY,
        }[mood]  # fmt: skip
        text = rng.choice(pool)
    return mood, text.replace("{desa}", rng.choice(content.DESA))


def _comment_id(rng: random.Random, platform: str, created: datetime) -> str:
    if platform == "instagram":
        return str(rng.randrange(17_850_000_000_000_000, 18_150_000_000_000_000))
    if platform == "tiktok":
        return str(rng.randrange(7_400_000_000_000_000_000, 7_500_000_000_000_000_000))
    return formats.snowflake(created, rng.getrandbits(22))


def _stamp(moment_utc: datetime) -> str:
    return moment_utc.replace(tzinfo=UTC).astimezone(WIB).isoformat(timespec="seconds")


def _likes(rng: random.Random) -> str:
    return str(max(0, int(math.exp(rng.gauss(0.3, 1.1))) - 1))


def rows(rng: random.Random, posts: list[Post]) -> list[list[str]]:
    """The comments template rows (header first) for ``posts``."""
    people = handles(rng)
    weights = [1 / (rank + 3) for rank in range(len(people))]  # a few regulars comment a lot
    counts = {p.post_id: p.final.get("comments", p.final.get("replies", 0)) for p in posts}
    scale = TARGET / sum(counts.values())
    out: list[list[str]] = []
    for post in posts:
        expected = counts[post.post_id] * scale
        n = min(int(expected) + (rng.random() < expected % 1), counts[post.post_id])
        for _ in range(n):
            delay = timedelta(minutes=2 + rng.expovariate(1 / 600))
            created = post.published + delay
            if created >= END:
                continue
            mood, text = text_for(rng, post, people)
            author = rng.choices(people, weights=weights)[0]
            comment_id = _comment_id(rng, post.platform, created)
            out.append(
                [post.platform, post.post_id, comment_id, _stamp(created), author, text, "", _likes(rng)]
            )
            kind = {"question": "question", "topic_question": "question", "complaint": "complaint",
                    "praise": "praise", "topic_praise": "praise"}.get(mood)  # fmt: skip
            if kind and rng.random() < REPLY_RATE[kind]:
                answered = created + timedelta(minutes=rng.randrange(20, 360))
                if answered < END:
                    reply = rng.choice(content.ADMIN_REPLIES[kind])
                    out.append([
                        post.platform, post.post_id, _comment_id(rng, post.platform, answered), _stamp(answered),
                        post.account, f"@{author} {reply}", comment_id, _likes(rng),
                    ])  # fmt: skip
    out.sort(key=lambda row: (row[0], row[3], row[2]))
    return [list(formats.COMMENTS_HEADER), *out]
