"""The demo network: people, departments, badges, recognitions, feedback, 1-on-1s and notes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaggle import passwords
from models.feedback import Feedback, FeedbackRequest
from models.oauth import Application, create_application
from models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from models.people import Department, Network, UserProfile, create_user, find_user_by_email
from models.privatenote import PrivateNote
from models.recognition import Badge, Recognition

NETWORK_NAME = "Demo Company"
DEMO_PASSWORD = "gaggle-demo-2026"  # noqa: S105 - published demo credentials
# A password-grant application with published credentials, so curl works out of the box.
DEMO_CLIENT_ID = "gaggle-demo-client"
DEMO_CLIENT_SECRET = "gaggle-demo-client-secret"  # noqa: S105 - published demo credentials

# email, first name, last name, position, manager's email, admin
PEOPLE = [
    ("admin@demo.gaggle.test", "Ada", "Admin", "Chief People Officer", None, True),
    (
        "maria@demo.gaggle.test",
        "Maria",
        "Manager",
        "Engineering Manager",
        "admin@demo.gaggle.test",
        False,
    ),
    ("sam@demo.gaggle.test", "Sam", "Sales", "Sales Director", "admin@demo.gaggle.test", False),
    (
        "eli@demo.gaggle.test",
        "Eli",
        "Engineer",
        "Software Engineer",
        "maria@demo.gaggle.test",
        False,
    ),
    (
        "erin@demo.gaggle.test",
        "Erin",
        "Engineer",
        "Site Reliability Engineer",
        "maria@demo.gaggle.test",
        False,
    ),
    (
        "pat@demo.gaggle.test",
        "Pat",
        "Platform",
        "Platform Engineer",
        "maria@demo.gaggle.test",
        False,
    ),
    ("sid@demo.gaggle.test", "Sid", "Seller", "Account Executive", "sam@demo.gaggle.test", False),
]

# name, parent, leaders, members
DEPARTMENTS = [
    (
        "Engineering",
        None,
        ["maria@demo.gaggle.test"],
        ["maria@demo.gaggle.test", "eli@demo.gaggle.test", "erin@demo.gaggle.test"],
    ),
    ("Platform", "Engineering", ["maria@demo.gaggle.test"], ["pat@demo.gaggle.test"]),
    ("Sales", None, ["sam@demo.gaggle.test"], ["sam@demo.gaggle.test", "sid@demo.gaggle.test"]),
]

# name, description
BADGES = [
    ("Teamwork", "Made the team stronger than the sum of its parts."),
    ("Excellence", "Did outstanding work, well beyond what was asked."),
    ("Customer Focus", "Went out of their way for a customer."),
    ("Innovation", "Found a new and better way to do something."),
    ("Ownership", "Saw a problem through from start to finish."),
]

# giver, recipient (first names), badge, message; each person thanks the next ones in turn
_PEOPLE = ["Ada", "Maria", "Sam", "Eli", "Erin", "Pat", "Sid"]
_THANKS = [
    "Thanks for the careful code review.",
    "The release went out smoothly because of you.",
    "You turned an angry customer into a fan.",
    "That dashboard saved us hours every week.",
    "Thanks for covering the on-call shift.",
]
RECOGNITIONS = [
    (
        _PEOPLE[i % 7],
        _PEOPLE[(i + 1 + i // 7) % 7],  # never the giver for fewer than 42 recognitions
        BADGES[i % len(BADGES)][0],
        _THANKS[i % len(_THANKS)],
    )
    for i in range(30)
]

# author, about (first names), text
PRIVATE_NOTES = [
    ("Maria", "Eli", "Wants to lead the next migration; bring it up at the next 1-on-1."),
    ("Maria", "Erin", "Asked about the SRE conference budget."),
    ("Sam", "Sid", "Closing the Q3 pipeline well; consider for team lead."),
]


def _seed_engagement(session: Session, network: Network, people: dict[str, UserProfile]):
    """Badges, recognitions and private notes, where the network has none yet."""
    badges = {
        badge.name: badge
        for badge in session.scalars(select(Badge).where(Badge.network_id == network.id))
    }
    for name, description in BADGES:
        if name not in badges:
            badges[name] = Badge(network_id=network.id, name=name, description=description)
            session.add(badges[name])
    session.flush()
    given = session.scalar(
        select(func.count()).select_from(Recognition).where(Recognition.network_id == network.id)
    )
    if not given:
        start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=len(RECOGNITIONS) * 7)
        for index, (giver, recipient, badge, message) in enumerate(RECOGNITIONS):
            session.add(
                Recognition(
                    network_id=network.id,
                    creator_id=people[giver].id,
                    recipient_id=people[recipient].id,
                    badge_id=badges[badge].id,
                    message=message,
                    created=start + dt.timedelta(hours=index * 7),
                )
            )
    noted = session.scalar(
        select(func.count()).select_from(PrivateNote).where(PrivateNote.network_id == network.id)
    )
    if not noted:
        for author, about, text in PRIVATE_NOTES:
            session.add(
                PrivateNote(
                    network_id=network.id,
                    author_id=people[author].id,
                    about_id=people[about].id,
                    text=text,
                )
            )
    session.flush()


def _seed_conversations(session: Session, network: Network, people: dict[str, UserProfile]):
    """A feedback request with an answer and a 1-on-1 with notes, where there are none yet."""
    asked = session.scalar(
        select(func.count())
        .select_from(FeedbackRequest)
        .where(FeedbackRequest.network_id == network.id)
    )
    if not asked:
        request = FeedbackRequest(
            network_id=network.id,
            creator_id=people["Eli"].id,
            subject_id=people["Eli"].id,
            questions=["What should I keep doing?", "What should I do differently?"],
            due_date=dt.date.today() + dt.timedelta(days=14),
            responders=[people["Maria"], people["Pat"]],
        )
        session.add(request)
        session.flush()
        session.add(
            Feedback(
                network_id=network.id,
                request_id=request.id,
                author_id=people["Pat"].id,
                recipient_id=people["Eli"].id,
                answers=["Your code reviews teach me a lot.", "Share designs a little earlier."],
                state="submitted",
                submitted=dt.datetime.now(dt.UTC),
            )
        )
    met = session.scalar(
        select(func.count()).select_from(OneOnOne).where(OneOnOne.network_id == network.id)
    )
    if not met:
        today = dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        for offset, status in ((-7, "completed"), (7, "scheduled")):
            oneonone = OneOnOne(
                network_id=network.id,
                facilitator_id=people["Maria"].id,
                participant_id=people["Eli"].id,
                title="Weekly check-in",
                scheduled_start=today + dt.timedelta(days=offset),
                status=status,
            )
            session.add(oneonone)
        session.flush()
        session.add_all(
            [
                OneOnOneNote(
                    oneonone_id=oneonone.id,
                    author_id=people["Maria"].id,
                    text="Agenda: the migration plan and the conference budget.",
                    shared=True,
                ),
                ActionItem(
                    oneonone_id=oneonone.id,
                    creator_id=people["Maria"].id,
                    assignee_id=people["Eli"].id,
                    title="Write up the migration plan",
                    due_date=(today + dt.timedelta(days=5)).date(),
                ),
            ]
        )
    session.flush()


def seed(session: Session) -> list[str]:
    """Create whatever part of the demo network is missing; returns lines to print."""
    network = session.scalar(select(Network).where(Network.name == NETWORK_NAME))
    created = network is None
    if network is None:
        network = Network(name=NETWORK_NAME)
        session.add(network)
        session.flush()
    profiles: dict[str, UserProfile] = {}
    for email, first, last, position, manager, admin in PEOPLE:
        user = find_user_by_email(session, email)
        if user is None:
            user = create_user(
                session=session,
                email=email,
                password=DEMO_PASSWORD,
                network=network,
                first_name=first,
                last_name=last,
                is_admin=admin,
                reports_to=profiles.get(manager or ""),
                position=position,
            )
        profiles[email] = user.profile
    departments: dict[str, Department] = {}
    for name, parent, leaders, members in DEPARTMENTS:
        department = session.scalar(
            select(Department).where(Department.network_id == network.id, Department.name == name)
        )
        if department is None:
            department = Department(
                network=network,
                name=name,
                parent=departments.get(parent or ""),
                creator=profiles["admin@demo.gaggle.test"],
                leaders=[profiles[e] for e in leaders],
                members=[profiles[e] for e in members],
            )
            session.add(department)
        departments[name] = department
    session.flush()
    by_first_name = {profile.user.first_name: profile for profile in profiles.values()}
    _seed_engagement(session, network, by_first_name)
    _seed_conversations(session, network, by_first_name)
    if session.scalar(select(Application).where(Application.client_id == DEMO_CLIENT_ID)) is None:
        application, _ = create_application(
            session=session,
            owner=find_user_by_email(session, PEOPLE[0][0]),
            name="Demo integration",
            grant_type="password",
            client_type="confidential",
            client_id=DEMO_CLIENT_ID,
        )
        application.client_secret_hash = passwords.hash_password(DEMO_CLIENT_SECRET)
    return [
        ("Seeded" if created else "Already seeded:") + f" the demo network {NETWORK_NAME!r} with "
        f"{len(PEOPLE)} people, {len(DEPARTMENTS)} departments, {len(BADGES)} badges and "
        f"{len(RECOGNITIONS)} recognitions.",
        f"Log in as the admin: {PEOPLE[0][0]} / {DEMO_PASSWORD}",
        f"Every demo user has the password {DEMO_PASSWORD}: "
        + ", ".join(email for email, *_ in PEOPLE[1:]),
        f"A password-grant application: client_id {DEMO_CLIENT_ID}, "
        f"client_secret {DEMO_CLIENT_SECRET}",
    ]
