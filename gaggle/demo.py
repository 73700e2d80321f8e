"""The demo network: an admin, managers, employees and departments to explore the API with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gaggle import passwords
from models.oauth import Application, create_application
from models.people import Department, Network, UserProfile, create_user, find_user_by_email

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
        f"{len(PEOPLE)} people and {len(DEPARTMENTS)} departments.",
        f"Log in as the admin: {PEOPLE[0][0]} / {DEMO_PASSWORD}",
        f"Every demo user has the password {DEMO_PASSWORD}: "
        + ", ".join(email for email, *_ in PEOPLE[1:]),
        f"A password-grant application: client_id {DEMO_CLIENT_ID}, "
        f"client_secret {DEMO_CLIENT_SECRET}",
    ]
