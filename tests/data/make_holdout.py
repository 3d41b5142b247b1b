"""Writes holdout-300.csv: an Eventbrite export of 300 different people.

300 different e-mail addresses; 165 distinct names, so many people share a
name with someone else (two Johns at two companies); 12 have a
120-character organisation. Run `python tests/data/make_holdout.py` to
regenerate it (the output is deterministic and committed).
"""

import csv
import random
from pathlib import Path

GIVEN = ["John", "Maria", "Anna", "Peter", "Eva", "Jan", "Ana", "Luca", "Sofia", "Marek", "Ioana", "Hans",
         "Elena", "Tomás", "Zoé", "Björn", "Agnieszka", "Dimitris", "Kenji", "Yuki", "Olga", "Pierre", "Lena"]
FAMILY = ["Smith", "Nowak", "Müller", "Rossi", "Popescu", "Novák", "García", "Dubois", "Jensen", "Kowalski",
          "Papadopoulos", "Tanaka", "Silva", "Horvat", "Ivanova", "Bauer", "Schmidt", "Lindqvist"]
COMPANIES = ["Acme Ltd", "University of Vienna", "European Commission", "Politechnika Warszawska", "Keio University",
             "Université Libre de Bruxelles", "Institute of Geoeconomics", "CSDS"]
POSITIONS = ["Researcher", "Director", "Policy Officer", "Professor", "Analyst", "PhD candidate", ""]
TICKETS = ["General Admission"] * 8 + ["Press", "Staff"]
LONG_ORGANISATION = ("Directorate-General for Communications Networks, Content and Technology, "
                     "Unit for Interinstitutional Affairs and Liaison")


def rows(count: int = 300, distinct_names: int = 165, long_organisations: int = 12):
    rng = random.Random(11)
    names = []
    while len(names) < distinct_names:
        name = (rng.choice(GIVEN), rng.choice(FAMILY))
        if name not in names:
            names.append(name)
    people = names + [rng.choice(names) for _ in range(count - distinct_names)]
    rng.shuffle(people)
    for index, (given, family) in enumerate(people):
        organisation = LONG_ORGANISATION if index % 25 == 7 and index // 25 < long_organisations else rng.choice(COMPANIES)
        share = rng.choice(["yes", "no", ""])
        yield [str(5000 + index), "2026-02-10", given, family, f"attendee{index:03d}@example.org",
               rng.choice(TICKETS), organisation, rng.choice(POSITIONS), share, f"+43 660 {index:06d}"]


def main() -> None:
    assert len(LONG_ORGANISATION) == 120, len(LONG_ORGANISATION)
    path = Path(__file__).with_name("holdout-300.csv")
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Order #", "Order Date", "First Name", "Last Name", "Email", "Ticket Type", "Company",
                         "Job Title", "Share contact", "Mobile Phone"])
        writer.writerows(rows())


if __name__ == "__main__":
    main()
