#!/usr/bin/env python3
"""Writes one large synthetic live blog (Unix-time stamped posts, newest first)
for `bench/import.sh`: deterministic from its seed, own generated text.

    bench/gen_liveblog.py OUT.txt [MEGABYTES]     default 20
"""
import random
import sys

out = sys.argv[1]
megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
rng = random.Random(7)

places = ["Kyiv", "Kharkiv", "Odesa", "Zaporizhzhia", "Dnipro", "Sumy", "Kursk", "Belgorod",
          "Pokrovsk", "Kherson", "Lviv", "Mykolaiv", "Chernihiv", "Poltava", "Toretsk"]
actors = ["the air force", "regional officials", "the general staff", "the governor",
          "emergency services", "the defence ministry", "local police", "the mayor"]
verbs = ["reported", "said", "confirmed", "announced", "warned", "added"]
things = ["a power substation", "a rail depot", "an apartment block", "a grain terminal",
          "a bridge", "a fuel depot", "a school", "a hospital wing", "a warehouse"]
events = ["was damaged by debris", "caught fire after a strike", "lost power for hours",
          "was evacuated as a precaution", "was hit overnight", "reopened after repairs"]
openers = ["Overnight,", "Early on", "Later,", "Meanwhile,", "In a statement,", "By noon,"]


def sentence():
    kind = rng.random()
    place = rng.choice(places)
    if kind < 0.3:
        launched = rng.randint(20, 150)
        downed = rng.randint(5, launched)
        return (f"{rng.choice(actors).capitalize()} {rng.choice(verbs)} that {downed} of "
                f"{launched} drones were shot down over {place}.")
    if kind < 0.7:
        return (f"{rng.choice(openers)} {rng.choice(things)} in {place} "
                f"{rng.choice(events)}, {rng.choice(actors)} {rng.choice(verbs)}.")
    return (f"{rng.choice(actors).capitalize()} {rng.choice(verbs)} that "
            f"{rng.randint(2, 40)} people were hurt in {place} and {rng.choice(places)}.")


stamp = 1733000000
size = 0
limit = int(megabytes * 1_000_000)
with open(out, "w", encoding="utf-8") as f:
    head = "Monday, December 2, 2024\n\nWar live: strikes and air raid alerts across the country\n\n"
    f.write(head)
    size += len(head.encode())
    while size < limit:
        stamp -= rng.randint(60, 900)
        place = rng.choice(places)
        headline = f"{place}: {rng.choice(things)} {rng.choice(events)}"
        paras = "\n\n".join(" ".join(sentence() for _ in range(rng.randint(1, 3)))
                            for _ in range(rng.randint(1, 4)))
        post = f"{stamp}\n\n{headline}\n\n{paras}\n\n"
        f.write(post)
        size += len(post.encode())
