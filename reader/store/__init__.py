"""What the user keeps: versioned JSON tables saved atomically under a lock, bookmarks and
reading state."""
