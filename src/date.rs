//! Dates and datetimes: ISO 8601 and strftime-style formats, calendar arithmetic.
