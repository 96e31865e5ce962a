"""SSSOM mapping sets from routes to external codes: reading, checking, crosswalks."""
