"""SQLAlchemy models and the rules of each domain. Importing this package registers every table."""

from models.base import Base
from models.oauth import AccessToken, Application, AuthorizationCode, RefreshToken
from models.objectives import CheckinUpdate, KeyResult, Objective, ObjectiveCheckin
from models.people import Department, Network, User, UserProfile
from models.ratelimit import RateLimitBucket
from models.reviews import Review, ReviewCycle

__all__ = [
    "AccessToken",
    "Application",
    "AuthorizationCode",
    "Base",
    "CheckinUpdate",
    "Department",
    "KeyResult",
    "Network",
    "Objective",
    "ObjectiveCheckin",
    "RateLimitBucket",
    "RefreshToken",
    "Review",
    "ReviewCycle",
    "User",
    "UserProfile",
]
