"""SQLAlchemy models and the rules of each domain. Importing this package registers every table."""

from models.base import Base
from models.feedback import Feedback, FeedbackRequest
from models.oauth import AccessToken, Application, AuthorizationCode, RefreshToken
from models.objectives import CheckinUpdate, KeyResult, Objective, ObjectiveCheckin
from models.oneonone import ActionItem, OneOnOne, OneOnOneNote
from models.people import Department, Network, User, UserProfile
from models.privatenote import PrivateNote
from models.ratelimit import RateLimitBucket
from models.recognition import Badge, Recognition, RecognitionComment, RecognitionLike
from models.reviews import Review, ReviewCycle

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
]
