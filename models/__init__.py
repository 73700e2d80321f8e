"""SQLAlchemy models and the rules of each domain. Importing this package registers every table."""

from models.base import Base
from models.oauth import AccessToken, Application, AuthorizationCode, RefreshToken
from models.people import Department, Network, User, UserProfile
from models.ratelimit import RateLimitBucket

__all__ = [
    "AccessToken",
    "Application",
    "AuthorizationCode",
    "Base",
    "Department",
    "Network",
    "RateLimitBucket",
    "RefreshToken",
    "User",
    "UserProfile",
]
