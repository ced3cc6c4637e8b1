"""xyforecast: will a Chinese county meet this year's economic targets?"""

__version__ = "0.1.0"
