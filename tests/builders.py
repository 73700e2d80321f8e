"""Builders for test data, committed through the app's own services."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from gaggle import db, tokens
from models.oauth import AccessToken, create_application
from models.objectives import KeyResult, Objective, ObjectiveCheckin
from models.people import Department, User, UserProfile, create_user, get_or_create_network
from models.reviews import Review, ReviewCycle

PASSWORD = "correct horse battery staple"  # noqa: S105

_counter = itertools.count(1)


class Builders:
    def user(
        self,
        *,
        network: str = "Acme",
        email: str | None = None,
        is_admin: bool = False,
        password: str = PASSWORD,
        **fields,
    ) -> User:
        email = email or f"user{next(_counter)}@{network.lower().replace(' ', '')}.example"
        with db.transaction() as session:
            reports_to = fields.pop("reports_to", None)
            user = create_user(
                session=session,
                email=email,
                password=password,
                network=get_or_create_network(session, network),
                is_admin=is_admin,
                reports_to=session.get(UserProfile, reports_to.profile.id) if reports_to else None,
                **fields,
            )
            user.profile  # noqa: B018 - load it before the session closes
            return user

    def token(self, user: User, scope: str = "all") -> dict[str, str]:
        """Authorization headers with a fresh access token of `user` for `scope`."""
        value = tokens.new_secret()
        with db.transaction() as session:
            application, _ = create_application(
                session=session,
                owner=None,
                name="Builder",
                grant_type="password",
                client_type="public",
            )
            session.add(
                AccessToken(
                    token_digest=tokens.digest(value),
                    application_id=application.id,
                    user_id=user.id,
                    scope=scope,
                    expires=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
                    family=uuid.uuid4().hex,
                )
            )
        return {"Authorization": f"Bearer {value}"}

    def department(
        self,
        user: User,
        name: str,
        *,
        parent: Department | None = None,
        leaders: list[User] = (),
        members: list[User] = (),
    ) -> Department:
        with db.transaction() as session:
            department = Department(
                network_id=user.profile.network_id,
                name=name,
                parent_id=parent.id if parent else None,
                creator_id=user.profile.id,
                leaders=[session.get(UserProfile, u.profile.id) for u in leaders],
                members=[session.get(UserProfile, u.profile.id) for u in members],
            )
            session.add(department)
            session.flush()
            return department

    def objective(self, user: User, name: str, **fields) -> Objective:
        """An objective created by `user`, owned by `owners` (default `user`)."""
        owners = fields.pop("owners", [user])
        with db.transaction() as session:
            objective = Objective(
                network_id=user.profile.network_id,
                name=name,
                creator_id=user.profile.id,
                owners=[session.get(UserProfile, u.profile.id) for u in owners],
                **fields,
            )
            session.add(objective)
            session.flush()
            return objective

    def key_result(self, objective: Objective, name: str, **fields) -> KeyResult:
        owners = fields.pop("owners", [])
        with db.transaction() as session:
            key_result = KeyResult(
                objective_id=objective.id,
                name=name,
                owners=[session.get(UserProfile, u.profile.id) for u in owners],
                **fields,
            )
            session.add(key_result)
            session.flush()
            return key_result

    def checkin(self, objective: Objective, user: User, message: str = "") -> ObjectiveCheckin:
        with db.transaction() as session:
            checkin = ObjectiveCheckin(
                objective_id=objective.id, creator_id=user.profile.id, message=message
            )
            session.add(checkin)
            session.flush()
            return checkin

    def review_cycle(self, admin: User, name: str = "2026 H2", **fields) -> ReviewCycle:
        with db.transaction() as session:
            cycle = ReviewCycle(
                network_id=admin.profile.network_id,
                name=name,
                start_date=fields.pop("start_date", dt.date(2026, 7, 1)),
                end_date=fields.pop("end_date", dt.date(2026, 12, 31)),
                questions=fields.pop("questions", ["What went well?", "What next?"]),
                **fields,
            )
            session.add(cycle)
            session.flush()
            return cycle

    def review(self, cycle: ReviewCycle, subject: User, reviewer: User, **fields) -> Review:
        with db.transaction() as session:
            review = Review(
                cycle_id=cycle.id,
                subject_id=subject.profile.id,
                reviewer_id=reviewer.profile.id,
                **fields,
            )
            session.add(review)
            session.flush()
            return review
