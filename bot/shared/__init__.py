"""What every feature shares.

Communities, members, activity, breaks, schedules, guidelines and deliveries.
"""
