"""The demo network: people, departments, badges, recognitions, feedback, 1-on-1s and notes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gaggle import passwords
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.oauth import Application, create_application
from gaggle.models.objectives import (
    CheckinUpdate,
    KeyResult,
    MeasurementType,
    Objective,
    ObjectiveCheckin,
    key_result_progress,
)
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import (
    Department,
    Network,
    User,
    UserProfile,
    create_user,
    find_user_by_email,
)
from gaggle.models.privatenote import PrivateNote
from gaggle.models.recognition import Badge, Recognition
from gaggle.models.reviews import Review, ReviewCycle

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
            title="My first quarter on the platform team",
            description="I led the API work this quarter and would like to hear how it went.",
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
        # Last week's, completed as it ended, and next week's, both scheduled a week ahead.
        held_at, next_at = today - dt.timedelta(days=7), today + dt.timedelta(days=7)
        ended = held_at + dt.timedelta(minutes=30)
        held, oneonone = (
            OneOnOne(
                network_id=network.id,
                facilitator_id=people["Maria"].id,
                participant_id=people["Eli"].id,
                title="Weekly check-in",
                scheduled_start=start,
                created=start - dt.timedelta(days=7),
            )
            for start in (held_at, next_at)
        )
        held.status, held.completed_at, held.modified = "completed", ended, ended
        session.add_all([held, oneonone])
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
                    oneonone_id=held.id,
                    creator_id=people["Eli"].id,
                    assignee_id=people["Eli"].id,
                    title="Ask for the conference budget",
                    description="Two people, three days, travel included.",
                    completed=True,
                    completed_at=ended + dt.timedelta(days=2),
                    completed_by_id=people["Eli"].id,
                    created=ended,
                    assigned_at=ended,
                    modified=ended + dt.timedelta(days=2),
                ),
                ActionItem(
                    oneonone_id=oneonone.id,
                    creator_id=people["Maria"].id,
                    assignee_id=people["Eli"].id,
                    title="Write up the migration plan",
                    description="Order of the services, and how each one falls back.",
                    due_date=(today + dt.timedelta(days=5)).date(),
                ),
            ]
        )
    session.flush()


# name, type, department, parent, owners, private, key results
# (name, measurement type, starting, target, current, weight, owners)
OBJECTIVES = [
    (
        "Double recurring revenue",
        "company",
        None,
        None,
        ["admin@demo.gaggle.test"],
        False,
        [
            (
                "Annual recurring revenue (USD)",
                MeasurementType.US_DOLLAR,
                1_000_000,
                2_000_000,
                1_400_000,
                2,
                [],
            ),
            # A numeric key result: retention above 100 percent is the point, and a percent
            # key result's values stay within 0-100.
            ("Net revenue retention (%)", MeasurementType.NUMERIC, 90, 110, 96, 1, []),
        ],
    ),
    (
        "Ship the public API",
        "department",
        "Engineering",
        "Double recurring revenue",
        ["maria@demo.gaggle.test"],
        False,
        [
            ("Endpoints served", MeasurementType.NUMERIC, 0, 40, 18, 2, ["eli@demo.gaggle.test"]),
            ("Open severe bugs", MeasurementType.NUMERIC, 12, 0, 5, 1, ["erin@demo.gaggle.test"]),
            ("Public launch", MeasurementType.BINARY, 0, 1, 0, 1, ["maria@demo.gaggle.test"]),
        ],
    ),
    (
        "Serve objectives and reviews",
        "individual",
        "Engineering",
        "Ship the public API",
        ["eli@demo.gaggle.test"],
        False,
        [
            (
                "Operations in the spec",
                MeasurementType.NUMERIC,
                0,
                24,
                10,
                1,
                ["eli@demo.gaggle.test"],
            ),
            ("Contract tests green", MeasurementType.BINARY, 0, 1, 0, 1, ["eli@demo.gaggle.test"]),
        ],
    ),
    (
        "Earn the on-call certificate",
        "individual",
        None,
        "Ship the public API",
        ["erin@demo.gaggle.test"],
        True,
        [("Course completed", MeasurementType.PERCENT, 0, 100, 60, 1, ["erin@demo.gaggle.test"])],
    ),
]

# objective, author, message, assessment status, {key result: value}
CHECKINS = [
    (
        "Ship the public API",
        "maria@demo.gaggle.test",
        "People areas are live.",
        1,
        {"Endpoints served": 12},
    ),
    (
        "Ship the public API",
        "eli@demo.gaggle.test",
        "Objectives are in review.",
        1,
        {"Endpoints served": 18, "Open severe bugs": 5},
    ),
]

REVIEW_CYCLE = (
    "2026 H2",
    dt.date(2026, 7, 1),
    dt.date(2026, 12, 31),
    ["What went well?", "What will you do next?"],
)
# subject, state, self answers, reviewer answers (reviewer: the subject's manager)
REVIEWS = [
    ("eli@demo.gaggle.test", "self_review", ["Shipped the people areas."], []),
    (
        "erin@demo.gaggle.test",
        "manager_review",
        ["Halved the bug count.", "On-call."],
        ["Steady and thorough."],
    ),
    ("pat@demo.gaggle.test", "shared", ["Platform upgrades."], ["Great year.", "Lead a team."]),
]


def _seed_objectives(session: Session, network: Network, profiles, departments) -> None:
    if session.scalar(select(Objective.id).where(Objective.network_id == network.id)):
        return
    objectives: dict[str, Objective] = {}
    key_results: dict[str, KeyResult] = {}
    for name, kind, department, parent, owners, private, results in OBJECTIVES:
        objective = Objective(
            network_id=network.id,
            name=name,
            objective_type=kind,
            department_id=departments[department].id if department else None,
            parent=objectives.get(parent or ""),
            creator_id=profiles[owners[0]].id,
            owners=[profiles[e] for e in owners],
            private=private,
            start_date=dt.date(2026, 7, 1),
            due_date=dt.date(2026, 12, 31),
        )
        for kr_name, measurement, start, target, current, weight, kr_owners in results:
            key_result = KeyResult(
                name=kr_name,
                measurement_type=measurement,
                starting_value=float(start),
                target_value=float(target),
                current_value=float(current),
                weight=float(weight),
                owners=[profiles[e] for e in kr_owners],
            )
            objective.key_results.append(key_result)
            key_results[kr_name] = key_result
        session.add(objective)
        objectives[name] = objective
    session.flush()
    # Replay the check-ins: each one moves its key results from their previous values.
    values = {name: kr.starting_value for name, kr in key_results.items()}
    for objective_name, author, message, status, changes in CHECKINS:
        objective = objectives[objective_name]
        checkin = ObjectiveCheckin(
            objective=objective,
            creator_id=profiles[author].id,
            message=message,
            assessment_status=status,
        )
        for kr_name, value in changes.items():
            key_result = key_results[kr_name]
            progress = key_result_progress(
                key_result.measurement_type,
                key_result.starting_value,
                key_result.target_value,
                float(value),
            )
            checkin.updates.append(
                CheckinUpdate(
                    key_result_id=key_result.id,
                    previous_value=values[kr_name],
                    current_value=float(value),
                    progress=progress,
                )
            )
            values[kr_name] = float(value)
        weights = sum(kr.weight for kr in objective.key_results)
        checkin.progress = round(
            sum(
                kr.weight
                * key_result_progress(
                    kr.measurement_type, kr.starting_value, kr.target_value, values[kr.name]
                )
                for kr in objective.key_results
            )
            / weights,
            2,
        )
        session.add(checkin)
    session.flush()


def _seed_reviews(session: Session, network: Network, profiles) -> None:
    if session.scalar(select(ReviewCycle.id).where(ReviewCycle.network_id == network.id)):
        return
    name, start, end, questions = REVIEW_CYCLE
    admin = profiles["admin@demo.gaggle.test"]
    cycle = ReviewCycle(
        network_id=network.id,
        name=name,
        start_date=start,
        end_date=end,
        questions=questions,
        state="active",
        creator_id=admin.id,
    )
    session.add(cycle)
    # Created a week ago; self-reviews submitted four days ago, the shared one shared yesterday.
    now = dt.datetime.now(dt.UTC)
    for subject, state, self_answers, reviewer_answers in REVIEWS:
        session.add(
            Review(
                cycle=cycle,
                subject_id=profiles[subject].id,
                reviewer_id=profiles[subject].reports_to_id,
                creator_id=admin.id,
                position=profiles[subject].position,
                state=state,
                self_answers=self_answers,
                reviewer_answers=reviewer_answers,
                created=now - dt.timedelta(days=7),
                submitted=None if state == "self_review" else now - dt.timedelta(days=4),
                shared=now - dt.timedelta(days=1) if state == "shared" else None,
            )
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
    _seed_objectives(session, network, profiles, departments)
    _seed_reviews(session, network, profiles)
    by_first_name = {profile.user.first_name: profile for profile in profiles.values()}
    _seed_engagement(session, network, by_first_name)
    _seed_conversations(session, network, by_first_name)
    application = session.scalar(select(Application).where(Application.client_id == DEMO_CLIENT_ID))
    if application is None:
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
        f"{len(PEOPLE)} people, {len(DEPARTMENTS)} departments, {len(BADGES)} badges, "
        f"{len(RECOGNITIONS)} recognitions, {len(OBJECTIVES)} objectives "
        f"and a review cycle with {len(REVIEWS)} reviews.",
        *_logins([profile.user for profile in profiles.values()]),
        _application_line(application),
    ]


def _logins(users: list[User]) -> list[str]:
    """How to sign in, naming only the demo users whose password is still the published one:
    an operator may have changed a password or switched an account off since it was seeded."""
    working = [
        user.email
        for user in users
        if user.is_active and user.profile.activated and user.check_password(DEMO_PASSWORD)
    ]
    admin = PEOPLE[0][0]
    lines = [f"Log in as the admin: {admin} / {DEMO_PASSWORD}"] if admin in working else []
    shown = [email for email in working if email != admin]
    if shown:
        lead = "Every demo user has" if len(working) == len(users) else "These demo users have"
        lines.append(f"{lead} the password {DEMO_PASSWORD}: {', '.join(shown)}")
    gone = [user.email for user in users if user.email not in working]
    if gone:
        lines.append(f"Changed or switched off since they were seeded: {', '.join(gone)}")
    return lines


def _application_line(application: Application) -> str:
    """The demo application's credentials, with its secret only while that secret works."""
    line = f"A password-grant application: client_id {DEMO_CLIENT_ID}"
    if passwords.verify(application.client_secret_hash or "", DEMO_CLIENT_SECRET):
        line += f", client_secret {DEMO_CLIENT_SECRET}"
    else:
        line += "; its secret was rotated (gaggle apps rotate-secret printed the new one)"
    if not application.enabled:
        line += f"; it is disabled (gaggle apps enable {DEMO_CLIENT_ID} enables it)"
    return line
