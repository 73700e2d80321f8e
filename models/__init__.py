"""SQLAlchemy models and the rules of each domain. Importing this package registers every table."""

from gaggle.models.base import Base
from gaggle.models.feedback import Feedback, FeedbackRequest
from gaggle.models.oauth import AccessToken, Application, AuthorizationCode, RefreshToken
from gaggle.models.objectives import CheckinUpdate, KeyResult, Objective, ObjectiveCheckin
from gaggle.models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from gaggle.models.people import Department, Network, User, UserProfile
from gaggle.models.privatenote import PrivateNote
from gaggle.models.ratelimit import RateLimitBucket
from gaggle.models.recognition import Badge, Recognition, RecognitionComment, RecognitionLike
from gaggle.models.reviews import Review, ReviewCycle
from gaggle.models.sessions import UserSession

__all__ = [
    "AccessToken",
    "ActionItem",
    "Application",
    "AuthorizationCode",
    "Badge",
    "Base",
    "CheckinUpdate",
    "Department",
    "KeyResult",
    "Network",
    "Objective",
    "ObjectiveCheckin",
    "Feedback",
    "FeedbackRequest",
    "Network",
    "OneOnOne",
    "OneOnOneNote",
    "PrivateNote",
    "RateLimitBucket",
    "Recognition",
    "RecognitionComment",
    "RecognitionLike",
    "RefreshToken",
    "Review",
    "ReviewCycle",
    "User",
    "UserProfile",
    "UserSession",
]
