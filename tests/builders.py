"""Builders for test data, committed through the app's own services."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass

from gaggle import db, tokens
from gaggle.caller import Caller
from gaggle.models import objectives
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.oauth import AccessToken, create_application
from gaggle.models.objectives import KeyResult, Objective, ObjectiveCheckin
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import Department, User, UserProfile, create_user, get_or_create_network
from gaggle.models.privatenote import PrivateNote
from gaggle.models.recognition import Badge, Recognition, RecognitionComment, RecognitionLike
from gaggle.models.reviews import Review, ReviewCycle

PASSWORD = "correct horse battery staple"  # noqa: S105


@dataclass
class App:
    client_id: str
    client_secret: str | None


_counter = itertools.count(1)

# What a profile holds beyond what an account is created with; the user builder sets them after.
_PROFILE_FIELDS = (
    "phone_number",
    "timezone",
    "about",
    "hire_date",
    "employee_id",
    "profile_img",
    "activated",
)


def caller(user: User) -> Caller:
    """`user` as the caller of the app's services."""
    profile = user.profile
    return Caller(user.id, profile.id, profile.network_id, profile.is_admin)


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
        """A user of `network` (created by the name), with the profile fields given."""
        email = email or f"user{next(_counter)}@{network.lower().replace(' ', '')}.example"
        profile_fields = {name: fields.pop(name) for name in _PROFILE_FIELDS if name in fields}
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
            profile = user.profile  # loaded before the session closes
            for name, value in profile_fields.items():
                setattr(profile, name, value)
            session.flush()
            return user

    def caller(self, user: User) -> Caller:
        """`user` as the rules of models/ see whoever calls with a token of theirs."""
        profile = user.profile
        return Caller(user.id, profile.id, profile.network_id, profile.is_admin)

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

    def password_app(self, user: User) -> App:
        """A confidential application of `user`'s for the password grant."""
        with db.transaction() as session:
            application, secret = create_application(
                session=session,
                owner=session.get(User, user.id),
                name="Password App",
                grant_type="password",
                client_type="confidential",
            )
            return App(application.client_id, secret)

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
        """An objective created by `user`, owned by `owners` (default `user`), with the
        `stakeholders` and `followers` given (default none)."""
        owners = fields.pop("owners", [user])
        stakeholders = fields.pop("stakeholders", [])
        followers = fields.pop("followers", [])
        teams = fields.pop("contributing_teams", [])
        with db.transaction() as session:
            objective = Objective(
                network_id=user.profile.network_id,
                name=name,
                creator_id=user.profile.id,
                owners=[session.get(UserProfile, u.profile.id) for u in owners],
                stakeholders=[session.get(UserProfile, u.profile.id) for u in stakeholders],
                followers=[session.get(UserProfile, u.profile.id) for u in followers],
                contributing_teams=[session.get(Department, d.id) for d in teams],
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

    def checkin(
        self,
        objective: Objective,
        user: User,
        message: str = "",
        *,
        values: dict[KeyResult, float] | None = None,
        **fields,
    ) -> ObjectiveCheckin:
        """A check-in by `user` through the app's own rules: it sets the key results' `values`
        and, with `close_objective`, closes the objective."""
        data = {
            "objective": objective.id,
            "message": message,
            "key_results": [
                {"key_result": kr.id, "current_value": value}
                for kr, value in (values or {}).items()
            ],
            **fields,
        }
        with db.transaction() as session:
            return objectives.check_in(session, caller(user), data)

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

    def badge(
        self, user: User, name: str, *, active: bool = True, image: str | None = None
    ) -> Badge:
        """A badge of `user`'s network, with the picture at `image` if given."""
        with db.transaction() as session:
            badge = Badge(network_id=user.profile.network_id, name=name, active=active, image=image)
            session.add(badge)
            session.flush()
            return badge

    def recognition(
        self,
        creator: User,
        recipient: User,
        badge: Badge,
        message: str = "Thank you!",
        *,
        created: dt.datetime | None = None,
        liked_by: list[User] = (),
        comments: list[tuple[User, str]] = (),
    ) -> Recognition:
        """A recognition, liked by `liked_by` and with `comments` (author, text) in order."""
        with db.transaction() as session:
            recognition = Recognition(
                network_id=creator.profile.network_id,
                creator_id=creator.profile.id,
                recipient_id=recipient.profile.id,
                badge_id=badge.id,
                message=message,
                created=created or dt.datetime.now(dt.UTC),
            )
            session.add(recognition)
            session.flush()
            session.add_all(
                RecognitionLike(recognition_id=recognition.id, profile_id=u.profile.id)
                for u in liked_by
            )
            session.add_all(
                RecognitionComment(recognition_id=recognition.id, author_id=u.profile.id, text=t)
                for u, t in comments
            )
            session.flush()
            return recognition

    def private_note(self, author: User, about: User, text: str = "A note.") -> PrivateNote:
        with db.transaction() as session:
            note = PrivateNote(
                network_id=author.profile.network_id,
                author_id=author.profile.id,
                about_id=about.profile.id,
                text=text,
            )
            session.add(note)
            session.flush()
            return note

    def feedback_request(
        self,
        creator: User,
        responders: list[User],
        *,
        subject: User | None = None,
        questions: list[str] = ("What went well?", "What could be better?"),
        state: str = "open",
        **fields,
    ) -> FeedbackRequest:
        """A request; `fields` sets any other column (`title`, `due_date`, `created` ...)."""
        with db.transaction() as session:
            request = FeedbackRequest(
                network_id=creator.profile.network_id,
                creator_id=creator.profile.id,
                subject_id=(subject or creator).profile.id,
                questions=list(questions),
                state=state,
                responders=[session.get(UserProfile, u.profile.id) for u in responders],
                **fields,
            )
            session.add(request)
            session.flush()
            return request

    def feedback(
        self,
        author: User,
        *,
        request: FeedbackRequest | None = None,
        recipient: User | None = None,
        text: str = "",
        answers: list[str] | None = None,
        submitted: bool = True,
    ) -> Feedback:
        """An answer to `request` (one answer per question by default) or unsolicited feedback."""
        with db.transaction() as session:
            feedback = Feedback(
                network_id=author.profile.network_id,
                request_id=request.id if request else None,
                author_id=author.profile.id,
                recipient_id=request.subject_id if request else recipient.profile.id,
                text=text,
                answers=answers
                if answers is not None
                else [f"Answer {i}" for i, _ in enumerate(request.questions if request else [])],
                state="submitted" if submitted else "draft",
                submitted=dt.datetime.now(dt.UTC) if submitted else None,
            )
            session.add(feedback)
            session.flush()
            return feedback

    def oneonone(
        self,
        facilitator: User,
        participant: User,
        *,
        start: dt.datetime | None = None,
        status: str = "scheduled",
        **fields,
    ) -> OneOnOne:
        with db.transaction() as session:
            oneonone = OneOnOne(
                network_id=facilitator.profile.network_id,
                facilitator_id=facilitator.profile.id,
                participant_id=participant.profile.id,
                scheduled_start=start or dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC),
                status=status,
                **fields,
            )
            session.add(oneonone)
            session.flush()
            return oneonone

    def oneonone_note(
        self, oneonone: OneOnOne, author: User, text: str = "A note.", *, shared: bool = False
    ) -> OneOnOneNote:
        with db.transaction() as session:
            note = OneOnOneNote(
                oneonone_id=oneonone.id, author_id=author.profile.id, text=text, shared=shared
            )
            session.add(note)
            session.flush()
            return note

    def action_item(
        self,
        oneonone: OneOnOne,
        creator: User,
        title: str = "Do it",
        *,
        assignee: User = None,
        **fields,
    ) -> ActionItem:
        with db.transaction() as session:
            item = ActionItem(
                oneonone_id=oneonone.id,
                creator_id=creator.profile.id,
                assignee_id=(assignee or creator).profile.id,
                title=title,
                **fields,
            )
            session.add(item)
            session.flush()
            return item
