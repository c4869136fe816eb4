"""Weekly discussion topics: the bank, suggestions, schedules and the post."""
